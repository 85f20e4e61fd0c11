"""Tables of the shared store. Money is integer fen; times are UTC.

Places (county → village), organisations (agency → branch), members with their role grants,
suppliers, products, orders and their messages. The ledgers are ledger_models.py, broadcasts
broadcast_models.py, reviews and nominations community_models.py, events, fairs and stories
content_models.py, notices notice_models.py, photos media_models.py.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    and_,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def utc(moment: datetime | None) -> datetime | None:
    """A stored time as an aware UTC datetime: SQLite hands them back naive (they are stored as UTC)."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


# Ids and counts are INTEGER columns on PostgreSQL: a number from outside (a forged button, a
# typed id) past this is refused before it reaches a query, which would fail on it.
MAX_ID = 2**31 - 1


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: DateTime(timezone=True)}


class County(Base):
    __tablename__ = "county"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    name_en: Mapped[str] = mapped_column(String(96))
    sort_order: Mapped[int] = mapped_column(default=0)
    villages: Mapped[list[Village]] = relationship(back_populates="county", order_by="Village.id")


class Village(Base):
    __tablename__ = "village"
    __table_args__ = (UniqueConstraint("county_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    county_id: Mapped[int] = mapped_column(ForeignKey("county.id"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    county: Mapped[County] = relationship(back_populates="villages")


class Category(Base):
    __tablename__ = "category"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(32), unique=True)
    name_en: Mapped[str] = mapped_column(String(64))
    sort_order: Mapped[int] = mapped_column(default=0)


class Agency(Base):
    __tablename__ = "agency"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(96), unique=True)
    name_en: Mapped[str] = mapped_column(String(160), default="")
    branches: Mapped[list[Branch]] = relationship(back_populates="agency", order_by="Branch.id")


class Branch(Base):
    __tablename__ = "branch"
    __table_args__ = (UniqueConstraint("agency_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    name: Mapped[str] = mapped_column(String(128))
    name_en: Mapped[str] = mapped_column(String(192), default="")
    invite_code: Mapped[str | None] = mapped_column(String(32), unique=True)
    agency: Mapped[Agency] = relationship(back_populates="branches")


class Role(enum.StrEnum):
    member = "member"
    supplier = "supplier"
    first_secretary = "first_secretary"
    organiser = "organiser"
    admin = "admin"


class Member(Base):
    """A person using the bot, through Telegram now and WeChat later.

    `dialog` and `dialog_data` keep the step of a multi-step dialog in the store, so that a restart
    or a second worker continues it. `dialog_version` counts their changes: an update writes the
    step only if it is still the version the update read (`members.set_dialog`).
    """

    __tablename__ = "member"
    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_user_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    wechat_openid: Mapped[str | None] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(128), default="")
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branch.id"), index=True)
    locale: Mapped[str | None] = mapped_column(String(8))
    subscribed: Mapped[bool] = mapped_column(Boolean, default=True)
    # Set when Telegram says the member blocked the bot; broadcasts skip them until they write again.
    blocked_at: Mapped[datetime | None] = mapped_column()
    dialog: Mapped[str | None] = mapped_column(String(32))
    dialog_data: Mapped[dict | None] = mapped_column(JSON)
    dialog_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The words of the member's last catalog search, so its result pages can be turned.
    last_search: Mapped[str] = mapped_column(String(64), default="")
    # The delivery contact, asked once before the first order and editable with /address.
    contact_name: Mapped[str] = mapped_column(String(64), default="", server_default="")
    contact_phone: Mapped[str] = mapped_column(String(32), default="", server_default="")
    contact_address: Mapped[str] = mapped_column(String(256), default="", server_default="")
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)
    branch: Mapped[Branch | None] = relationship()
    roles: Mapped[list[RoleGrant]] = relationship(back_populates="member", order_by="RoleGrant.id")


class RoleGrant(Base):
    """A role held by a member; `scope_id` 0 means unscoped (admin) or all (organiser)."""

    __tablename__ = "role_grant"
    __table_args__ = (UniqueConstraint("member_id", "role", "scope_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=24))
    scope_id: Mapped[int] = mapped_column(default=0)
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)
    member: Mapped[Member] = relationship(back_populates="roles")


class SupplierKind(enum.StrEnum):
    brand = "brand"
    shop = "shop"
    farm = "farm"


class Supplier(Base):
    __tablename__ = "supplier"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    kind: Mapped[SupplierKind] = mapped_column(Enum(SupplierKind, native_enum=False, length=16))
    county_id: Mapped[int | None] = mapped_column(ForeignKey("county.id"))
    contact: Mapped[str] = mapped_column(String(128), default="")


class ProductStatus(enum.StrEnum):
    draft = "draft"
    listed = "listed"
    delisted = "delisted"


class Product(Base):
    """A product on sale. `sales_count` is a cached aggregate kept by the order store."""

    __tablename__ = "product"
    __table_args__ = (
        CheckConstraint("stock >= 0", name="stock_not_negative"),
        CheckConstraint("price_fen > 0", name="price_positive"),
        # The catalog pages: listed products of one county or category, hottest first.
        Index("ix_product_county_hot", "status", "county_id", "sales_count", "id"),
        Index("ix_product_category_hot", "status", "category_id", "sales_count", "id"),
        Index("ix_product_hot", "status", "sales_count", "id"),
        # The same pages sorted by the community ranking (store/ranking.py).
        Index("ix_product_county_rank", "status", "county_id", "rank_score", "id"),
        Index("ix_product_rank", "status", "rank_score", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    name_en: Mapped[str] = mapped_column(String(128), default="")
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"))
    county_id: Mapped[int] = mapped_column(ForeignKey("county.id"))
    village_id: Mapped[int | None] = mapped_column(ForeignKey("village.id"))
    supplier_id: Mapped[int] = mapped_column(ForeignKey("supplier.id"), index=True)
    price_fen: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(32))
    stock: Mapped[int] = mapped_column(Integer, default=0)
    charity_item: Mapped[bool] = mapped_column(Boolean, default=False)
    certification_no: Mapped[str] = mapped_column(String(64), default="")
    photo: Mapped[str] = mapped_column(String(512), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ProductStatus] = mapped_column(
        Enum(ProductStatus, native_enum=False, length=16), default=ProductStatus.listed
    )
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    sales_count: Mapped[int] = mapped_column(Integer, default=0)
    # Community aggregates, kept in the transaction of each review, recommendation and sale
    # (store/reviews.py, store/recommendations.py, store/ranking.py): visible reviews' count and
    # star sum, recommendations, decayed activity (`heat`) and the ranking score built from them.
    rating_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    rating_sum: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    recommend_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    heat: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")
    rank_score: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")
    # What search looks in: the terms of the names, county, village, supplier and category
    # (catalog.search_text_of). Indexed by migration 0009 — on SQLite by triggers on this table,
    # which a migration that rebuilds the table (batch mode) must create again.
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    category: Mapped[Category] = relationship()
    county: Mapped[County] = relationship()
    village: Mapped[Village | None] = relationship()
    supplier: Mapped[Supplier] = relationship()


class OrderStatus(enum.StrEnum):
    pending_payment = "pending_payment"
    paid = "paid"
    shipped = "shipped"
    received = "received"
    cancelled = "cancelled"
    refunded = "refunded"


class Settlement(enum.StrEnum):
    """How an order is paid, fixed when it is placed by the shop's payment mode."""

    online = "online"  # an invoice paid in the chat (Telegram Payments)
    offline = "offline"  # 货到付款 / 单位结算: the supplier or an admin confirms the money arrived


class Order(Base):
    """A purchase (爱心购). Branch and agency are copied at placement for the volunteer record."""

    __tablename__ = "order"
    __table_args__ = (
        Index("ix_order_member", "member_id", "id"),
        Index("ix_order_status_expiry", "status", "expires_at"),
        Index("ix_order_supplier", "supplier_id", "status", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    supplier_id: Mapped[int] = mapped_column(ForeignKey("supplier.id"))
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branch.id"), index=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), index=True)
    status: Mapped[OrderStatus] = mapped_column(
        Enum(OrderStatus, native_enum=False, length=24), default=OrderStatus.pending_payment
    )
    total_fen: Mapped[int] = mapped_column(Integer)
    has_charity_item: Mapped[bool] = mapped_column(Boolean, default=False)
    # One effect per tap or update: the same key places the same order.
    idempotency_key: Mapped[str] = mapped_column(String(96), unique=True)
    telegram_payment_charge_id: Mapped[str | None] = mapped_column(String(128), unique=True)
    provider_payment_charge_id: Mapped[str | None] = mapped_column(String(128))
    contact_name: Mapped[str] = mapped_column(String(64), default="", server_default="")
    contact_phone: Mapped[str] = mapped_column(String(32), default="", server_default="")
    contact_address: Mapped[str] = mapped_column(String(256), default="", server_default="")
    tracking_no: Mapped[str] = mapped_column(String(64), default="")
    # Who carries it (`orders.COURIERS`, "self" for a supplier delivering it themselves); "" before
    # couriers were asked.
    courier: Mapped[str] = mapped_column(String(16), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column()
    paid_at: Mapped[datetime | None] = mapped_column()
    shipped_at: Mapped[datetime | None] = mapped_column()
    received_at: Mapped[datetime | None] = mapped_column()
    closed_at: Mapped[datetime | None] = mapped_column()
    # Why a cancelled order was closed: expired, member, supplier or admin.
    close_reason: Mapped[str] = mapped_column(String(16), default="")
    # When a pre-checkout query was last approved: the expiry job leaves such an order a grace
    # period, since Telegram may be taking the money at that moment.
    checkout_at: Mapped[datetime | None] = mapped_column()
    # When the order's suppliers were reminded that an offline order still waits for its payment
    # to be confirmed (once, a day after it was placed: `offline_orders.remind_due`).
    reminded_at: Mapped[datetime | None] = mapped_column()
    settlement: Mapped[Settlement] = mapped_column(
        Enum(Settlement, native_enum=False, length=16), default=Settlement.online, server_default="online"
    )
    # An admin who took an online order's money some other way marks it paid (`settlement.settle_by_admin`):
    # who, and what they wrote about it.
    settled_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    settlement_note: Mapped[str] = mapped_column(String(256), default="", server_default="")
    lines: Mapped[list[OrderLine]] = relationship(back_populates="order", order_by="OrderLine.id")

    @hybrid_property
    def awaits_refund(self) -> bool:
        """Paid, then cancelled by its member before shipping: the money has to go back, and until
        an admin records that it has, the order keeps its points and its match."""
        return self.status == OrderStatus.cancelled and self.paid_at is not None

    @awaits_refund.inplace.expression
    @classmethod
    def _awaits_refund_expression(cls) -> ColumnElement[bool]:
        return and_(cls.status == OrderStatus.cancelled, cls.paid_at.is_not(None))

    @property
    def settled_offline(self) -> bool:
        """Paid outside Telegram (货到付款 / 单位结算): the supplier holds the money."""
        return self.paid_at is not None and self.telegram_payment_charge_id is None


class OrderLine(Base):
    __tablename__ = "order_line"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        Index("ix_order_line_product", "product_id", "order_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("order.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    price_fen: Mapped[int] = mapped_column(Integer)
    charity_item: Mapped[bool] = mapped_column(Boolean, default=False)
    order: Mapped[Order] = relationship(back_populates="lines")
    product: Mapped[Product] = relationship()


class MessageSide(enum.StrEnum):
    """The two sides of an order who write to each other through the bot."""

    buyer = "buyer"  # the member who placed it
    shop = "shop"  # the people of its supplier, or the admins standing in for them


class OrderMessage(Base):
    """A message about an order, relayed by the bot between its buyer and its shop (联系卖家 /
    联系客服), so that neither sees the other's Telegram account. Kept for after-sale disputes."""

    __tablename__ = "order_message"
    __table_args__ = (Index("ix_order_message_author", "order_id", "from_member_id", "created_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("order.id"))
    from_member_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    to_side: Mapped[MessageSide] = mapped_column(Enum(MessageSide, native_enum=False, length=8))
    text: Mapped[str] = mapped_column(String(500))
    # The message this one answers (its 回复 button), on the same order.
    reply_to_id: Mapped[int | None] = mapped_column(ForeignKey("order_message.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
