"""The drafts' wording as catalogue data: each indicator's report verb, short name and target phrase,
filled for the seeded codes with the words reports.annual kept in code until now, so the drafts
read exactly as before."""

from django.db import migrations, models

# The seeds' words (verb, short name, target phrase); others keep the fields' defaults.
# 实际利用外资 is its own verb and name: no verb before it.
WORDING = {
    "gdp": ("实现", "", "{name}达到{amount}"),
    "industrial_output": ("实现", "", "{name}达到{amount}"),
    "industrial_value_added": ("实现", "", ""),
    "total_output": ("实现", "", "园区{name}达到{amount}"),
    "foreign_investment": ("", "", "实际利用外资{amount}"),
    "signed_projects": ("", "", "{name}{amount}"),
    "signed_amount": ("", "", "{name}{amount}"),
    "new_projects_started": ("", "", "{name}{amount}"),
    "land_supplied_area": ("", "", ""),
    "safety_hazards_found": ("", "", ""),
    "tax_revenue": ("完成", "税收", "实现{name}{amount}"),
    "general_budget_revenue": ("完成", "", "实现{name}{amount}"),
    "enterprises_above_scale": ("完成", "", "{name}达到{amount}"),
}


def fill_wording(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    for indicator in Indicator.objects.filter(code__in=WORDING):
        indicator.report_verb, indicator.short_name, indicator.target_phrase = WORDING[indicator.code]
        indicator.save(update_fields=["report_verb", "short_name", "target_phrase"])


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0011_more_units'),
    ]

    operations = [
        migrations.AddField(
            model_name='indicator',
            name='report_verb',
            field=models.CharField(blank=True, default='完成', help_text='报告中实际数前的动词，如“完成”“实现”；留空则直接写名称和数字', max_length=20, verbose_name='报告动词'),
        ),
        migrations.AddField(
            model_name='indicator',
            name='short_name',
            field=models.CharField(blank=True, help_text='报告句子中使用的名称，如“税收”；留空则使用中文名称', max_length=60, verbose_name='报告简称'),
        ),
        migrations.AddField(
            model_name='indicator',
            name='target_phrase',
            field=models.CharField(blank=True, help_text='报告“目标任务”中的写法，{name}为名称，{amount}为目标数，如“{name}达到{amount}”；留空则写作“完成{name}{amount}”', max_length=60, verbose_name='目标任务写法'),
        ),
        migrations.RunPython(fill_wording, migrations.RunPython.noop),
    ]
