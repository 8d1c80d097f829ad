"""The session engine (``SESSION_ENGINE``): Django's database sessions,
with the user each one belongs to in a column of its own."""

from django.contrib.sessions.backends.db import SessionStore as DatabaseStore


class SessionStore(DatabaseStore):
    @classmethod
    def get_model_class(cls):
        from yeji.security.models import Session

        return Session

    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        user_id = data.get("_auth_user_id")
        try:
            instance.user_id = int(user_id) if user_id is not None else None
        except (TypeError, ValueError):
            instance.user_id = None
        return instance
