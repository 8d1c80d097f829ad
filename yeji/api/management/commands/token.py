from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from yeji.api.services import token_create


class Command(BaseCommand):
    help = (
        "Make a personal access token for the API: "
        "`yeji token create USERNAME --name NAME` prints it (shown only once)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="make a token and print it")
        create.add_argument("username", help="the log-in the token acts as")
        create.add_argument("--name", required=True, help="what the token is for")

    def handle(self, *args: object, **options: object) -> None:
        username = str(options["username"])
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user {username!r}.")
        if not user.is_active:
            raise CommandError(f"The user {username!r} is not active.")
        _token, secret = token_create(user=user, name=str(options["name"]))
        self.stdout.write(str(secret))
