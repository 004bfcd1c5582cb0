"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "branch",
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("parent_id", sa.String(length=36), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("hlc", sa.BigInteger(), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["branch.id"], name=op.f("fk_branch_parent_id_branch")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_branch")),
    )
    with op.batch_alter_table("branch", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_branch_hlc"), ["hlc"], unique=False)

    op.create_table(
        "local_meta",
        sa.Column("key", sa.String(length=50), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_local_meta")),
    )
    op.create_table(
        "manager",
        sa.Column("employee_no", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("level", sa.String(length=30), nullable=False),
        sa.Column("branch_id", sa.String(length=36), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("email", sa.String(length=120), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("hlc", sa.BigInteger(), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["branch.id"], name=op.f("fk_manager_branch_id_branch")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_manager")),
    )
    with op.batch_alter_table("manager", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_manager_branch_id"), ["branch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_manager_employee_no"), ["employee_no"], unique=False)
        batch_op.create_index(batch_op.f("ix_manager_hlc"), ["hlc"], unique=False)

    op.create_table(
        "calendar_event",
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("all_day", sa.Boolean(), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("owner_manager_id", sa.String(length=36), nullable=True),
        sa.Column("reminder_min", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("hlc", sa.BigInteger(), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_manager_id"],
            ["manager.id"],
            name=op.f("fk_calendar_event_owner_manager_id_manager"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_event")),
    )
    with op.batch_alter_table("calendar_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_calendar_event_hlc"), ["hlc"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_calendar_event_owner_manager_id"), ["owner_manager_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_calendar_event_starts_at"), ["starts_at"], unique=False
        )

    op.create_table(
        "client",
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("customer_no", sa.String(length=32), nullable=True),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_pinyin", sa.String(length=200), nullable=False),
        sa.Column("name_initials", sa.String(length=50), nullable=False),
        sa.Column("english_name", sa.String(length=100), nullable=True),
        sa.Column("gender", sa.String(length=8), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("birthday_lunar", sa.Boolean(), nullable=False),
        sa.Column("nationality", sa.String(length=3), nullable=False),
        sa.Column("id_type", sa.String(length=20), nullable=True),
        sa.Column("id_number", sa.String(length=32), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("email", sa.String(length=120), nullable=True),
        sa.Column("address", sa.String(length=200), nullable=True),
        sa.Column("occupation", sa.String(length=50), nullable=True),
        sa.Column("employer", sa.String(length=100), nullable=True),
        sa.Column("industry", sa.String(length=50), nullable=True),
        sa.Column("income_band", sa.String(length=12), nullable=True),
        sa.Column("education", sa.String(length=12), nullable=True),
        sa.Column("marital_status", sa.String(length=12), nullable=True),
        sa.Column("wedding_date", sa.Date(), nullable=True),
        sa.Column("risk_level", sa.String(length=2), nullable=True),
        sa.Column("risk_assessed_on", sa.Date(), nullable=True),
        sa.Column("tier", sa.String(length=12), nullable=False),
        sa.Column("importance", sa.String(length=1), nullable=False),
        sa.Column("owner_manager_id", sa.String(length=36), nullable=True),
        sa.Column("branch_id", sa.String(length=36), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("aum_fen", sa.BigInteger(), nullable=False),
        sa.Column("contribution_fen", sa.BigInteger(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("credit_code", sa.String(length=18), nullable=True),
        sa.Column("legal_representative", sa.String(length=50), nullable=True),
        sa.Column("ownership", sa.String(length=20), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("hlc", sa.BigInteger(), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["branch.id"], name=op.f("fk_client_branch_id_branch")
        ),
        sa.ForeignKeyConstraint(
            ["owner_manager_id"], ["manager.id"], name=op.f("fk_client_owner_manager_id_manager")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client")),
    )
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.create_index("ix_client_aum", ["aum_fen", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_client_credit_code"), ["credit_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_client_customer_no"), ["customer_no"], unique=False)
        batch_op.create_index(batch_op.f("ix_client_hlc"), ["hlc"], unique=False)
        batch_op.create_index(batch_op.f("ix_client_id_number"), ["id_number"], unique=False)
        batch_op.create_index(batch_op.f("ix_client_name"), ["name"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_client_name_initials"), ["name_initials"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_client_name_pinyin"), ["name_pinyin"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_client_owner_manager_id"), ["owner_manager_id"], unique=False
        )

    op.create_table(
        "client_relation",
        sa.Column("from_client_id", sa.String(length=36), nullable=False),
        sa.Column("to_client_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("hlc", sa.BigInteger(), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["from_client_id"], ["client.id"], name=op.f("fk_client_relation_from_client_id_client")
        ),
        sa.ForeignKeyConstraint(
            ["to_client_id"], ["client.id"], name=op.f("fk_client_relation_to_client_id_client")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client_relation")),
    )
    with op.batch_alter_table("client_relation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_client_relation_from_client_id"), ["from_client_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_client_relation_hlc"), ["hlc"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_client_relation_to_client_id"), ["to_client_id"], unique=False
        )

    op.create_table(
        "client_tag",
        sa.Column("client_id", sa.String(length=36), nullable=False),
        sa.Column("tag", sa.String(length=50), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("hlc", sa.BigInteger(), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["client.id"], name=op.f("fk_client_tag_client_id_client")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client_tag")),
    )
    with op.batch_alter_table("client_tag", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_client_tag_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_client_tag_hlc"), ["hlc"], unique=False)
        batch_op.create_index(batch_op.f("ix_client_tag_tag"), ["tag"], unique=False)

    op.create_table(
        "event_client",
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("client_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("hlc", sa.BigInteger(), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["client.id"], name=op.f("fk_event_client_client_id_client")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["calendar_event.id"],
            name=op.f("fk_event_client_event_id_calendar_event"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_client")),
    )
    with op.batch_alter_table("event_client", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_client_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_client_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_client_hlc"), ["hlc"], unique=False)

    op.create_table(
        "interaction",
        sa.Column("client_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("duration_min", sa.Integer(), nullable=True),
        sa.Column("purpose", sa.String(length=12), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("next_contact_on", sa.Date(), nullable=True),
        sa.Column("recorded_by_id", sa.String(length=36), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("hlc", sa.BigInteger(), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["client.id"], name=op.f("fk_interaction_client_id_client")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["manager.id"], name=op.f("fk_interaction_recorded_by_id_manager")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interaction")),
    )
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.create_index(
            "ix_interaction_client_when", ["client_id", "occurred_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_interaction_hlc"), ["hlc"], unique=False)

    op.create_table(
        "key_contact",
        sa.Column("client_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("title", sa.String(length=50), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("birthday_lunar", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("hlc", sa.BigInteger(), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["client.id"], name=op.f("fk_key_contact_client_id_client")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_key_contact")),
    )
    with op.batch_alter_table("key_contact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_key_contact_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_key_contact_hlc"), ["hlc"], unique=False)

    op.create_table(
        "task",
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("client_id", sa.String(length=36), nullable=True),
        sa.Column("assignee_id", sa.String(length=36), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("snoozed_until", sa.Date(), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("hlc", sa.BigInteger(), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignee_id"], ["manager.id"], name=op.f("fk_task_assignee_id_manager")
        ),
        sa.ForeignKeyConstraint(
            ["client_id"], ["client.id"], name=op.f("fk_task_client_id_client")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task")),
    )
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_task_assignee_id"), ["assignee_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_task_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_task_due_on"), ["due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_task_hlc"), ["hlc"], unique=False)

    op.create_table(
        "interaction_participant",
        sa.Column("interaction_id", sa.String(length=36), nullable=False),
        sa.Column("manager_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("hlc", sa.BigInteger(), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interaction.id"],
            name=op.f("fk_interaction_participant_interaction_id_interaction"),
        ),
        sa.ForeignKeyConstraint(
            ["manager_id"],
            ["manager.id"],
            name=op.f("fk_interaction_participant_manager_id_manager"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interaction_participant")),
    )
    with op.batch_alter_table("interaction_participant", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_interaction_participant_hlc"), ["hlc"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_interaction_participant_interaction_id"),
            ["interaction_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_interaction_participant_manager_id"), ["manager_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("interaction_participant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interaction_participant_manager_id"))
        batch_op.drop_index(batch_op.f("ix_interaction_participant_interaction_id"))
        batch_op.drop_index(batch_op.f("ix_interaction_participant_hlc"))

    op.drop_table("interaction_participant")
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_hlc"))
        batch_op.drop_index(batch_op.f("ix_task_due_on"))
        batch_op.drop_index(batch_op.f("ix_task_client_id"))
        batch_op.drop_index(batch_op.f("ix_task_assignee_id"))

    op.drop_table("task")
    with op.batch_alter_table("key_contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_key_contact_hlc"))
        batch_op.drop_index(batch_op.f("ix_key_contact_client_id"))

    op.drop_table("key_contact")
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interaction_hlc"))
        batch_op.drop_index("ix_interaction_client_when")

    op.drop_table("interaction")
    with op.batch_alter_table("event_client", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_client_hlc"))
        batch_op.drop_index(batch_op.f("ix_event_client_event_id"))
        batch_op.drop_index(batch_op.f("ix_event_client_client_id"))

    op.drop_table("event_client")
    with op.batch_alter_table("client_tag", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_client_tag_tag"))
        batch_op.drop_index(batch_op.f("ix_client_tag_hlc"))
        batch_op.drop_index(batch_op.f("ix_client_tag_client_id"))

    op.drop_table("client_tag")
    with op.batch_alter_table("client_relation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_client_relation_to_client_id"))
        batch_op.drop_index(batch_op.f("ix_client_relation_hlc"))
        batch_op.drop_index(batch_op.f("ix_client_relation_from_client_id"))

    op.drop_table("client_relation")
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_client_owner_manager_id"))
        batch_op.drop_index(batch_op.f("ix_client_name_pinyin"))
        batch_op.drop_index(batch_op.f("ix_client_name_initials"))
        batch_op.drop_index(batch_op.f("ix_client_name"))
        batch_op.drop_index(batch_op.f("ix_client_id_number"))
        batch_op.drop_index(batch_op.f("ix_client_hlc"))
        batch_op.drop_index(batch_op.f("ix_client_customer_no"))
        batch_op.drop_index(batch_op.f("ix_client_credit_code"))
        batch_op.drop_index("ix_client_aum")

    op.drop_table("client")
    with op.batch_alter_table("calendar_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calendar_event_starts_at"))
        batch_op.drop_index(batch_op.f("ix_calendar_event_owner_manager_id"))
        batch_op.drop_index(batch_op.f("ix_calendar_event_hlc"))

    op.drop_table("calendar_event")
    with op.batch_alter_table("manager", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_manager_hlc"))
        batch_op.drop_index(batch_op.f("ix_manager_employee_no"))
        batch_op.drop_index(batch_op.f("ix_manager_branch_id"))

    op.drop_table("manager")
    op.drop_table("local_meta")
    with op.batch_alter_table("branch", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_branch_hlc"))

    op.drop_table("branch")
