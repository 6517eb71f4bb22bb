from django.shortcuts import render
from django.views.decorators.http import require_GET

from core import clock

from .todo import todo_for


@require_GET
def todo(request):
    """The landing page after login: what the user's role has to do now."""
    today = clock.today()
    return render(request, "deadlines/todo.html", {"today": today, **todo_for(request.user, today)})
