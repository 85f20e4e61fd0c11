"""Alembic environment: runs on the connection that store.schema hands over."""

from alembic import context

import store.broadcast_models  # noqa: F401 - registers its tables on Base
import store.community_models  # noqa: F401
import store.content_models  # noqa: F401
import store.ledger_models  # noqa: F401
import store.media_models  # noqa: F401
import store.notice_models  # noqa: F401
from store.models import Base
from store.search import index_filter

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
    compare_type=True,
    include_object=index_filter,  # the search index is the migrations' own (0009)
)
with context.begin_transaction():
    context.run_migrations()
