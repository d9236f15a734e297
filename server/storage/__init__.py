"""Storage: SQLAlchemy 2 on SQLite (the instance folder) or Postgres (DATABASE_URL).

Callers use the package (`storage.create_run(engine, ...)`); each module keeps one kind of record.
"""

from server.storage.contacts import erase_runs, runs_for_contact
from server.storage.contacts_book import (
    booked_contacts,
    erase_book_entries,
    find_contact,
    list_contacts,
    record_exchange,
    save_contacts,
    set_renewal,
)
from server.storage.exclusions import erase_excluded_pages, exclude_pages, excluded_pages, put_back
from server.storage.instance import prepare_instance_folder
from server.storage.page_cache import SqlPageCache
from server.storage.profile import get_sender_profile, put_sender_profile
from server.storage.runs import (
    FINISHED,
    add_event,
    create_run,
    events_after,
    fail_unfinished_runs,
    finish_run,
    get_run,
    load_dossier,
    load_request,
    recent_runs,
    run_owner,
    run_status,
    save_dossier,
    save_drafting,
    save_feedback,
    set_status,
)
from server.storage.tables import Base, make_engine, utcnow
from server.storage.users import (
    DEFAULT_USER,
    User,
    UserExists,
    UserNotFound,
    add_user,
    claim_default_user,
    default_user_id,
    list_users,
    revoke_user,
    token_hash,
    user_for_token,
)

__all__ = [
    "DEFAULT_USER",
    "FINISHED",
    "User",
    "UserExists",
    "UserNotFound",
    "add_user",
    "claim_default_user",
    "default_user_id",
    "list_users",
    "revoke_user",
    "run_owner",
    "token_hash",
    "user_for_token",
    "Base",
    "booked_contacts",
    "SqlPageCache",
    "add_event",
    "create_run",
    "erase_book_entries",
    "erase_excluded_pages",
    "erase_runs",
    "exclude_pages",
    "excluded_pages",
    "events_after",
    "fail_unfinished_runs",
    "find_contact",
    "finish_run",
    "get_run",
    "get_sender_profile",
    "list_contacts",
    "load_dossier",
    "load_request",
    "make_engine",
    "prepare_instance_folder",
    "put_back",
    "put_sender_profile",
    "recent_runs",
    "record_exchange",
    "run_status",
    "runs_for_contact",
    "save_contacts",
    "save_dossier",
    "save_drafting",
    "save_feedback",
    "set_renewal",
    "set_status",
    "utcnow",
]
