"""The Editors group with the permissions the review pages ask for, and a first revision for finished runs.

Permissions are normally created after all migrations (post_migrate); they are created here first so the
group can be given them on a fresh database too.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
EDITOR_PERMISSIONS = [
    ("summaries", "review_summary"),
    ("summaries", "view_article"),
    ("summaries", "view_summary"),
    ("summaries", "change_summary"),
    ("summaries", "view_summaryrevision"),
    ("summaries", "add_summaryrevision"),
    ("summaries", "view_reviewevent"),
]


def create_editors_group(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS)
    for app_label, codename in EDITOR_PERMISSIONS:
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITORS).delete()


def first_revisions(apps, schema_editor):
    """Runs finished before review existed get their machine output as revision 1, like new runs do."""
    Summary = apps.get_model("summaries", "Summary")
    SummaryRevision = apps.get_model("summaries", "SummaryRevision")
    for summary in Summary.objects.filter(status="done", revision=0):
        SummaryRevision.objects.create(summary=summary, number=1, text=summary.summary_text)
        Summary.objects.filter(pk=summary.pk).update(revision=1, current_text=summary.summary_text)


class Migration(migrations.Migration):
    dependencies = [
        ("summaries", "0002_review"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_editors_group, remove_editors_group),
        migrations.RunPython(first_revisions, migrations.RunPython.noop),
    ]
