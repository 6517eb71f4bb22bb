from django.shortcuts import redirect

from zones.models import User


def home(request):
    """Each role lands where its work is: leaders on the dashboard, others on monthly entry."""
    if request.user.role == User.Role.LEADER:
        return redirect("dashboard:index")
    return redirect("indicators:entry_pick")
