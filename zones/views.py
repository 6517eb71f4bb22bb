from django.shortcuts import redirect


def home(request):
    """Every role lands on its 待办 page: what is due, waiting or late for it now."""
    return redirect("deadlines:todo")
