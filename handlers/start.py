"""First contact and registration: /start (with deep links), language, joining a branch, the menu."""

from __future__ import annotations

from locales import LOCALES
from store import members, order_lists, reports, roles
from store.errors import UnknownInvite
from store.models import Branch, Member, Role

from . import dialog, fairs
from .catalog import product_by_link
from .dialog_question import draft_waiting
from .format import escape, name, number, yuan
from .registry import Stale, command, intent
from .reply import Alert, Reply, Screen, button, pages
from .request import Request

JOIN_DIALOG = "join"
_LANGUAGE_LABELS = {"zh-CN": "中文", "en": "English"}


@command("start")
async def start(req: Request, text: str) -> Reply:
    """/start, /start p_<product id> (a shared product) or /start join_<invite code> (a branch)."""
    argument = text.split()[0] if text else ""
    said: list = []
    if argument.startswith("p_"):
        product_id = number(argument[2:])
        if product_id is not None:
            return await product_by_link(req, product_id)
        said.append(Screen(req.t("error-not-found")))  # then the menu
    visitor = req.visitor
    invited = None
    async with req.db.begin() as session:
        member = await members.ensure(
            session, telegram_user_id=visitor.account_id, display_name=visitor.display_name
        )
        if argument.startswith("join_"):
            try:
                invited = await members.branch_by_invite(session, code=argument[5:])
            except UnknownInvite:
                said.append(Screen(req.t("join-invite-unknown")))
        if invited and member.branch_id in (None, invited.id):
            await members.join_branch(session, member_id=member.id, branch_id=invited.id, ends=JOIN_DIALOG)
        member = await members.get(session, member_id=member.id)
        waiting = await order_lists.awaiting_shipment(session, member_id=member.id)
        staff = await roles.holds_any(session, member_id=member.id)
    req.member = member
    if invited and member.branch_id != invited.id:  # a link must not move a member silently
        return [*said, _move_screen(req, member, invited)]
    if invited:
        done = req.t("join-done", branch=name(invited, req.locale), agency=name(invited.agency, req.locale))
        said.append(Screen(done))
    return [*said, await home_screen(req, member, waiting, staff=staff)]


def _move_screen(context: Request, member: Member, invited: Branch) -> Screen:
    """A member of another branch opened an invite link: asked before they move."""
    text = context.t(
        "join-move-ask",
        current=name(member.branch, context.locale),
        branch=name(invited, context.locale),
        agency=name(invited.agency, context.locale),
    )
    rows = [
        [button(context.t("join-move", branch=name(invited, context.locale)), "join", invited.id)],
        [button(context.t("join-stay"), "menu")],
    ]
    return Screen(text, rows)


async def home_screen(context: Request, member: Member, waiting: int | None, *, staff: bool) -> Screen:
    """Where /start lands: the language first, then joining a branch (not for `staff`: a farm
    household that supplies, an admin, need no party branch; /me offers one), then the menu. A
    supplier (`waiting` not None) also sees how many paid orders wait to be shipped, and a way to
    them: one who had not started the bot when an order was paid was never told of it."""
    if member.locale is None:
        return language_screen(context)
    joins = member.branch_id is None and not staff
    screen = await (agencies_screen(context, page=0) if joins else main_menu(context))
    if waiting is not None:
        screen.text = f"{context.t('supplier-home', count=waiting)}\n\n{screen.text}"
        screen.rows.insert(0, [button(context.t("supplier-home-button"), "supply", 0)])
    return screen


def language_screen(context: Request) -> Screen:
    rows = [[button(_LANGUAGE_LABELS[locale], "language", i) for i, locale in enumerate(LOCALES)]]
    return Screen(context.t("language-choose"), rows)


@command("language")
async def language_command(req: Request, text: str) -> Reply:
    """/language: choose the interface language."""
    return language_screen(req)


@intent("language")
async def choose_language(req: Request, index: int) -> Reply:
    """A language button: remember the choice, then continue registration or show the menu."""
    if index >= len(LOCALES):
        raise Stale("language")
    visitor = req.visitor
    async with req.db.begin() as session:
        member = await members.ensure(
            session, telegram_user_id=visitor.account_id, display_name=visitor.display_name
        )
        await members.set_locale(session, member_id=member.id, locale=LOCALES[index])
        waiting = await order_lists.awaiting_shipment(session, member_id=member.id)
        staff = await roles.holds_any(session, member_id=member.id)
    req.locale = LOCALES[index]
    return [Alert(req.t("language-set")), await home_screen(req, member, waiting, staff=staff)]


def menu_screen(context: Request) -> Screen:
    t = context.t
    rows = [
        [button(t("menu-counties"), "counties"), button(t("menu-categories"), "categories")],
        [button(t("menu-hot"), "hot", 0), button(t("menu-search"), "search-help")],
        [button(t("menu-ranked"), "ranked", 0), button(t("menu-nominate"), "nominate")],
        [
            button(t("menu-me"), "me"),
            button(t("menu-language"), "language", 1 - LOCALES.index(context.locale)),
        ],
    ]
    return Screen(t("menu-title"), rows)


async def main_menu(context: Request) -> Screen:
    """The menu with what is on now: open fairs first, then events, stories and exemplars."""
    screen = menu_screen(context)
    screen.rows[:0] = await fairs.menu_rows(context)
    if (waiting := dialog.active(context)) is not None:  # a draft waits: first of all
        draft = context.t(waiting.title)
        screen.rows[:0] = [
            [
                button(context.t("dialog-resume-draft", draft=draft), "dlg-resume"),
                button(context.t("dialog-abandon"), "dlg-drop"),
            ]
        ]
    screen.rows[-1:-1] = [
        [button(context.t("menu-events"), "events", 0), button(context.t("menu-zone"), "zone")],
        [button(context.t("menu-exemplars"), "exemplars", 0)],
    ]
    return screen


@intent("menu")
async def menu(req: Request) -> Reply:
    """The main menu, from a button or /menu."""
    return await main_menu(req)


@command("menu")
async def menu_command(req: Request, text: str) -> Reply:
    return await main_menu(req)


async def agencies_screen(context: Request, *, page: int, text: str = "") -> Screen:
    async with context.db.read() as session:
        found = await members.agencies(session, text=text, page=page)
    rows = [[button(name(a, context.locale), "agency", a.id, 0)] for a in found.items]
    if nav := pages(context, found, "agencies"):
        rows.append(nav)
    if context.member and context.member.branch_id:
        rows.append([button(context.t("nav-menu"), "menu")])
    moving = int(bool(context.member and context.member.branch_id))
    return Screen(
        context.t("join-choose-agency", page=found.page + 1, pages=found.pages, moving=moving), rows
    )


@intent("agencies")
async def agencies(req: Request, page: int) -> Reply:
    """Pick an agency (paged); typing a name searches branches instead."""
    member = req.member
    if (waiting := dialog.active(req)) is not None:  # choosing a branch would take the draft's place
        return draft_waiting(req, waiting)
    if member and member.branch_id and member.dialog != JOIN_DIALOG:
        # Changing branch: from now on typed text searches branches, until one is joined.
        async with dialog.step_transaction(req):
            await dialog.keep(req, JOIN_DIALOG)
    return await agencies_screen(req, page=page)


@intent("agency")
async def agency(req: Request, agency_id: int, page: int) -> Reply:
    """The branches of one agency, paged."""
    context = req
    async with context.db.read() as session:
        found_agency = await members.agency(session, agency_id=agency_id)
        found = await members.branches(session, agency_id=agency_id, page=page)
    rows = [[button(name(b, context.locale), "join", b.id)] for b in found.items]
    if nav := pages(context, found, "agency", agency_id):
        rows.append(nav)
    rows.append([button(context.t("nav-back"), "agencies", 0)])
    title = context.t("join-choose-branch", agency=name(found_agency, context.locale))
    return Screen(title, rows)


async def search_branches(context: Request, text: str) -> Reply:
    """Text typed while choosing a branch: branches whose name or agency contains it."""
    async with context.db.read() as session:
        found = await members.branches(session, text=text[:64], page=0, per_page=10)
    rows = [
        [button(f"{name(b.agency, context.locale)} · {name(b, context.locale)}", "join", b.id)]
        for b in found.items
    ]
    rows.append([button(context.t("nav-back"), "agencies", 0)])
    key = "join-search-results" if found.total else "join-search-nothing"
    return Screen(context.t(key, query=escape(text[:64]), count=found.total), rows)


@intent("join")
async def join(req: Request, branch_id: int) -> Reply:
    """Join the chosen branch, then the main menu."""
    visitor = req.visitor
    async with req.db.begin() as session:
        member = await members.ensure(
            session, telegram_user_id=visitor.account_id, display_name=visitor.display_name
        )
        branch = await members.join_branch(
            session, member_id=member.id, branch_id=branch_id, ends=JOIN_DIALOG
        )
    done = req.t("join-done", branch=name(branch, req.locale), agency=name(branch.agency, req.locale))
    screen = await main_menu(req)
    screen.text = f"{done}\n\n{screen.text}"
    return screen


@command("me")
async def me_command(req: Request, text: str) -> Reply:
    return await me(req)


@intent("me")
async def me(req: Request) -> Reply:
    """/me: my branch, roles and love footprint (orders, amount, points, matches, events attended,
    rank in branch)."""
    context = req
    async with context.db.read() as session:
        member = await members.profile(session, req.visitor.account_id)
        footprint = await reports.footprint(session, member_id=member.id) if member else None
    if member is None or member.branch is None:
        branch_line = context.t("me-no-branch")
    else:
        branch_line = context.t(
            "me-branch",
            branch=name(member.branch, context.locale),
            agency=name(member.branch.agency, context.locale),
        )
    grants = [g for g in (member.roles if member else []) if g.role != Role.member]
    roles = ", ".join(context.t("role-name", role=g.role.value) for g in grants) or context.t(
        "role-name", role="member"
    )
    text = context.t("me-title", name=escape(req.visitor.display_name), branch=branch_line, roles=roles)
    if footprint:
        text += "\n\n" + context.t(
            "me-footprint",
            orders=footprint.orders,
            spent=yuan(footprint.spent_fen),
            points=footprint.points,
            matches=footprint.matches,
            events=footprint.events,
            rank=footprint.rank_in_branch or "-",
            # A place in the branch only for one who has taken part: a newcomer is not ranked last.
            members=footprint.branch_members
            if footprint.orders or footprint.events or footprint.points
            else 0,
        )
    rows = [
        [button(context.t("menu-orders"), "orders", 0), button(context.t("menu-rank"), "rank", 0, 0)],
        [button(context.t("menu-my-nominations"), "my-noms", 0)],
        [
            button(
                context.t("me-change-branch" if member and member.branch else "me-join-branch"), "agencies", 0
            )
        ],
        [button(context.t("nav-menu"), "menu")],
    ]
    return Screen(text, rows)


@command("rank")
async def rank_command(req: Request, text: str) -> Reply:
    return await rank(req, 0, 0)


@intent("rank")
async def rank(req: Request, level: int, period: int) -> Reply:
    """/rank: branches or agencies by participation rate, amount and points; this month or all time."""
    if level > 1 or period > 1:
        raise Stale("rank")
    context = req
    since = reports.month_start(req.now, context.policy.timezone) if period == 0 else None
    async with context.db.read() as session:
        rows = await reports.ranking(session, level=("branch", "agency")[level], since=since)
    lines = [
        context.t(
            "rank-row",
            place=place,
            name=name(row, context.locale),
            rate=f"{row.participation_rate:.0%}",
            participants=row.participants,
            members=row.members,
            amount=yuan(row.amount_fen),
            points=row.points,
        )
        # Only those where someone took part: taking part is voluntary, nobody is listed at 0%.
        for place, row in enumerate((row for row in rows if row.participants), start=1)
    ]
    title = context.t("rank-title", level=("branch", "agency")[level], period=("month", "all")[period])
    keyboard = [
        [
            button(
                context.t("rank-level", level="agency" if level == 0 else "branch"), "rank", 1 - level, period
            ),
            button(
                context.t("rank-period", period="all" if period == 0 else "month"), "rank", level, 1 - period
            ),
        ],
        [button(context.t("nav-menu"), "menu")],
    ]
    if lines:
        return Screen("\n".join([title, *lines, context.t("rank-footer")]), keyboard)
    return Screen(title + "\n" + context.t("rank-empty"), keyboard)


# What each role adds to /help, in this order (an admin may do everything, so sees every part).
_HELP_FOR = (Role.supplier, Role.first_secretary, Role.organiser, Role.admin)


@command("help")
async def help_command(context: Request, text: str) -> Reply:
    """/help: what the bot can do and its commands, with those of the roles the member holds."""
    held = set()
    if context.member is not None:
        async with context.db.read() as session:
            held = {g.role for g in await roles.roles_of(session, member_id=context.member.id)}
    parts = [context.t("help")]
    parts += [context.t(f"help-{r.value}") for r in _HELP_FOR if r in held or Role.admin in held]
    return Screen("\n\n".join(parts), [[button(context.t("nav-menu"), "menu")]])
