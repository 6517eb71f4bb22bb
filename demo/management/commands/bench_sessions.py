"""Logged-in sessions for the load test's users, printed as JSON {username: session id}.

The load test measures the pages, not password hashing: 60 logins at once would spend the
first seconds of a short run in PBKDF2.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.test import Client

from zones.models import User


class Command(BaseCommand):
    help = "Create sessions for the benchmark users (bench_*) and print their ids as JSON."

    def handle(self, *args, **options):
        users = list(User.objects.filter(username__startswith="bench_", is_active=True))
        if not users:
            raise CommandError("no bench_* users: run generate_bench_data first")
        sessions = {}
        for user in users:
            client = Client()
            client.force_login(user)
            sessions[user.username] = client.cookies["sessionid"].value
        self.stdout.write(json.dumps(sessions))
