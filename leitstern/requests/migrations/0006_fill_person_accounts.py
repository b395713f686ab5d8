"""The accounts each person looks after, filled from the requests and commitments as
they are: the organisations whose requests a person submitted or heard, and those they own
a commitment to (``PersonAccount``; the same definition as
``requests.selectors.accounts``, written here with the historical models)."""

from django.db import migrations

BATCH = 1000


def fill(apps, schema_editor):
    PersonAccount = apps.get_model("requests", "PersonAccount")
    RequestAccount = apps.get_model("requests", "RequestAccount")
    Commitment = apps.get_model("requests", "Commitment")
    db = schema_editor.connection.alias
    pairs: dict[tuple[int, int], int] = {}
    asked = (
        RequestAccount.objects.using(db)
        .values_list(
            "request__workspace_id", "request__created_by_id", "request__heard_by_id", "organisation_id"
        )
        .distinct()
        .order_by()
    )
    for workspace, created_by, heard_by, organisation in asked.iterator(chunk_size=5000):
        for user in (created_by, heard_by):
            if user is not None:
                pairs[(user, organisation)] = workspace
    promised = (
        Commitment.objects.using(db)
        .filter(sales_owner__isnull=False)
        .values_list("workspace_id", "sales_owner_id", "organisation_id")
        .distinct()
        .order_by()
    )
    for workspace, user, organisation in promised.iterator(chunk_size=5000):
        pairs[(user, organisation)] = workspace
    PersonAccount.objects.using(db).bulk_create(
        [
            PersonAccount(workspace_id=workspace, user_id=user, organisation_id=organisation)
            for (user, organisation), workspace in sorted(pairs.items())
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )


def empty(apps, schema_editor):
    apps.get_model("requests", "PersonAccount").objects.using(schema_editor.connection.alias).all().delete()


class Migration(migrations.Migration):
    dependencies = [("requests", "0005_person_accounts")]

    operations = [migrations.RunPython(fill, empty)]
