"""Editor accounts: a user in the Editors group, which the data migration creates with the review permissions."""

import logging
from typing import cast

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import models, transaction

logger = logging.getLogger(__name__)

EDITORS_GROUP = "Editors"
# What the review pages need; the same list as migration 0003, which creates the group on migrate.
EDITOR_PERMISSIONS = [
    "review_summary",
    "view_article",
    "view_summary",
    "change_summary",
    "view_summaryrevision",
    "add_summaryrevision",
    "view_reviewevent",
]


def editors_group() -> Group:
    """The Editors group; recreated with its permissions if someone deleted it, so editors always work."""
    group, created = Group.objects.get_or_create(name=EDITORS_GROUP)
    if created:
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="summaries", codename__in=EDITOR_PERMISSIONS)
        )
        logger.warning("the %s group was missing and has been recreated", EDITORS_GROUP)
    return group


def editor_create(*, username: str, password: str | None, email: str = "", existing: bool = False) -> AbstractUser:
    """Create an editor, or with `existing` make an existing user one (setting the password if given).

    The password goes through the configured validators, so an editor account is never weakly protected.
    Raises ValidationError with a message for people.
    """
    User = get_user_model()
    group = editors_group()
    user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
    if user is not None and not existing:
        raise ValidationError(f"The user {username!r} already exists. Add --existing to make them an editor.")
    if user is None and not password:
        raise ValidationError("A new editor needs a password.")
    with transaction.atomic():
        if user is None:
            user = User(**{User.USERNAME_FIELD: username}, email=email)
            # USERNAME_FIELD names a concrete column of the user model, never a relation.
            username_field = cast(models.Field, User._meta.get_field(User.USERNAME_FIELD))
            username_field.run_validators(username)
        elif email:
            user.email = email
        if password:
            validate_password(password, user)
            user.set_password(password)
        user.save()
        user.groups.add(group)
    logger.info("user %s is an editor", user.pk)
    return user
