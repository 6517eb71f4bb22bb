from django.shortcuts import redirect

from zones.models import User

# Where each role's work starts; staff and administrators enter the month.
LANDING = {User.Role.LEADER: "dashboard:index", User.Role.REVIEWER: "indicators:completeness"}


def home(request):
    """Each role lands where its work is: leaders on the dashboard, reviewers on their queue,
    others on monthly entry."""
    return redirect(LANDING.get(request.user.role, "indicators:entry_pick"))
