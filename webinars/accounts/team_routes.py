"""The organization's team: its members, the invitations an owner sends, and how French sentences name
the organization; and the invited person's page that accepts an invitation. Views of the accounts
blueprint.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webinars.accounts import invitations, service, sessions
from webinars.accounts.forms import AcceptInvitationForm, InvitationForm, NameArticleForm
from webinars.accounts.models import Invitation, Membership, Organization, Role
from webinars.accounts.routes import bp
from webinars.extensions import db
from webinars.french import NameArticle
from webinars.i18n import current_language
from webinars.templating import organization_words

# The link of a new invitation, kept in the owner's session until the next
# view of the members page: shown once (a fallback when the e-mail does not
# arrive), never stored in clear anywhere else.
NEW_INVITATION_KEY = "new_invitation"


def invitation_for_owner_or_404(org_slug: str, invitation_id: int) -> Invitation:
    """An open invitation of an organization the signed-in user owns (404 for others, 403 for organizers)."""
    organization = service.organization_for_member_or_404(org_slug, Role.OWNER)
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.organization_id != organization.id or invitation.is_accepted:
        abort(404)
    return invitation


def _render_members(organization: Organization, role: Role, form: InvitationForm | None, status: int = 200):
    new_invitation = session.get(NEW_INVITATION_KEY)
    if new_invitation and new_invitation.get("organization_id") == organization.id:
        session.pop(NEW_INVITATION_KEY)
    else:
        new_invitation = None
    # The page may hold a working link: like every page of a signed-in member, it is kept out of
    # caches (webinars/security.py).
    return render_template(
        "accounts/members.html",
        organization=organization,
        memberships=service.members_of(organization),
        invitations=invitations.open_invitations(organization),
        is_owner=role is Role.OWNER,
        form=form,
        new_invitation=new_invitation,
    ), status


@bp.route("/manage/<org_slug>/name-in-sentences", methods=["GET", "POST"])
def name_in_sentences(org_slug: str):
    """How French sentences name the organization ("de l'APEBI", "du CRI"); owners change it."""
    required = Role.OWNER if request.method == "POST" else None
    membership = service.membership_for_member_or_404(org_slug, required)
    organization = membership.organization
    form = NameArticleForm(data={"name_article": organization.name_article.value})
    form.set_choices(organization.name)
    if form.validate_on_submit():
        service.set_name_article(organization, NameArticle(form.name_article.data))
        db.session.commit()
        flash(_("Saved: e-mails, pages, certificates and drafted articles in French now write it this way."), "success")
        return redirect(url_for("accounts.name_in_sentences", org_slug=organization.slug))
    return render_template(
        "accounts/name_in_sentences.html",
        organization=organization,
        form=form,
        is_owner=membership.role is Role.OWNER,
    ), 422 if form.is_submitted() else 200


@bp.route("/manage/<org_slug>/members", methods=["GET", "POST"])
def members(org_slug: str):
    """Everyone sees the team; owners invite (POST) and revoke."""
    required = Role.OWNER if request.method == "POST" else None
    membership = service.membership_for_member_or_404(org_slug, required)
    organization = membership.organization
    form = InvitationForm() if membership.role is Role.OWNER else None
    if form is None or not form.is_submitted():
        return _render_members(organization, membership.role, form)
    if form.validate():
        try:
            invitation, token = invitations.invite(
                organization,
                form.email.data,
                Role(form.role.data),
                current_user._get_current_object(),
                current_language(),
            )
        except service.AlreadyMember:
            form.email.errors.append(_("This person is already a member of the organization."))
        except service.InvalidEmail:
            form.email.errors.append(_("Invalid email address."))
        else:
            db.session.commit()
            _show_link_once(invitation, token)
            flash(_("Invitation sent to %(email)s.", email=invitation.email), "success")
            return redirect(url_for("accounts.members", org_slug=organization.slug))
    return _render_members(organization, membership.role, form, 422)


@bp.post("/manage/<org_slug>/members/<int:membership_id>/remove")
def remove_member(org_slug: str, membership_id: int):
    """An owner takes someone out of the team; that person is signed out at once, everywhere."""
    organization = service.organization_for_member_or_404(org_slug, Role.OWNER)
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.organization_id != organization.id:
        abort(404)
    name = membership.user.full_name
    try:
        service.remove_member(membership, current_user._get_current_object())
    except service.CannotRemoveYourself:
        flash(_("You cannot remove yourself from the team."), "error")
    else:
        db.session.commit()
        flash(_("%(name)s is no longer a member of %(of_organization)s.", name=name, **organization_words(organization)), "success")
    return redirect(url_for("accounts.members", org_slug=org_slug))


def _show_link_once(invitation: Invitation, token: str) -> None:
    session[NEW_INVITATION_KEY] = {
        "organization_id": invitation.organization_id,
        "email": invitation.email,
        "link": invitations.invitation_link(token),
    }


@bp.post("/manage/<org_slug>/invitations/<int:invitation_id>/resend")
def resend_invitation(org_slug: str, invitation_id: int):
    invitation = invitation_for_owner_or_404(org_slug, invitation_id)
    revoke_earlier = request.form.get("revoke_earlier") == "1"
    token = invitations.resend_invitation(
        invitation, current_user._get_current_object(), current_language(), revoke_earlier=revoke_earlier
    )
    db.session.commit()
    _show_link_once(invitation, token)
    if revoke_earlier:
        message = _("Invitation sent again to %(email)s. The links sent before no longer work.", email=invitation.email)
    else:
        message = _("Invitation sent again to %(email)s. The links sent before still work.", email=invitation.email)
    flash(message, "success")
    return redirect(url_for("accounts.members", org_slug=org_slug))


@bp.post("/manage/<org_slug>/invitations/<int:invitation_id>/revoke")
def revoke_invitation(org_slug: str, invitation_id: int):
    invitation = invitation_for_owner_or_404(org_slug, invitation_id)
    email = invitation.email
    invitations.revoke_invitation(invitation)
    db.session.commit()
    flash(_("The invitation of %(email)s is revoked; its link no longer works.", email=email), "success")
    return redirect(url_for("accounts.members", org_slug=org_slug))


# --- Accepting an invitation ---------------------------------------------------------


# Why a link does not work, as the visitor is told: unknown (or revoked, or
# replaced) links reveal nothing; expired and used ones say so.
_INVALID_INVITATION = {
    service.InvitationNotFound: ("unknown", 404),
    service.InvitationExpired: ("expired", 410),
    service.InvitationUsed: ("used", 410),
}
_INVITATION_UNUSABLE = tuple(_INVALID_INVITATION)


def _invalid_invitation_page(error: service.AccountError):
    reason, status = _INVALID_INVITATION[type(error)]
    return render_template("accounts/invitation_invalid.html", reason=reason), status


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    try:
        invitation = invitations.invitation_for_token(token)
    except _INVITATION_UNUSABLE as error:
        return _invalid_invitation_page(error)

    if current_user.is_authenticated and current_user.email != invitation.email:
        return render_template("accounts/invitation_wrong_account.html", invitation=invitation), 403
    try:
        if service.user_by_email(invitation.email) is None:
            return _register_from_invitation(invitation)
        if not current_user.is_authenticated:
            return render_template("accounts/invitation_sign_in.html", invitation=invitation)
        return _join_with_account(invitation)
    except _INVITATION_UNUSABLE as error:
        # Accepted by a simultaneous request, or expired while the form was open.
        db.session.rollback()
        return _invalid_invitation_page(error)


def _register_from_invitation(invitation: Invitation):
    form = AcceptInvitationForm()
    if form.validate_on_submit():
        # Only the form's own fields are read: the organization, role and
        # address come from the invitation, whatever else was posted.
        user = invitations.register_from_invitation(invitation, form.full_name.data, form.password.data)
        db.session.commit()
        sessions.start_session(user)
        flash(_("Welcome to %(organization)s!", organization=invitation.organization.name), "success")
        return redirect(url_for("events.dashboard", org_slug=invitation.organization.slug))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/invitation_register.html", invitation=invitation, form=form), status


def _join_with_account(invitation: Invitation):
    organization = invitation.organization
    if request.method == "POST":
        try:
            invitations.accept_invitation(invitation, current_user._get_current_object())
        except service.AlreadyMember:
            flash(_("You are already a member of %(of_organization)s.", **organization_words(organization)), "info")
        else:
            db.session.commit()
            flash(_("Welcome to %(organization)s!", organization=organization.name), "success")
        return redirect(url_for("events.dashboard", org_slug=organization.slug))
    return render_template("accounts/invitation_join.html", invitation=invitation)
