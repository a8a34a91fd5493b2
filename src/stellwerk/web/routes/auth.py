# SPDX-License-Identifier: EUPL-1.2
"""Sign-in, sign-out and the one-time password reset link."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from stellwerk.accounts.sessions import end_session, start_session
from stellwerk.accounts.users import LoginThrottled, authenticate, reset_password, valid_reset
from stellwerk.errors import InputError
from stellwerk.web.csrf import CSRF_COOKIE, new_seed
from stellwerk.web.deps import SESSION_COOKIE, get_session
from stellwerk.web.routes.home import local_path
from stellwerk.web.security import cookie_secure
from stellwerk.web.templating import render

router = APIRouter(include_in_schema=False)


def _client_ip(request: Request) -> str:
    # Behind a reverse proxy run uvicorn with --proxy-headers so this is the real address.
    return request.client.host if request.client else "unbekannt"


@router.get("/anmelden", response_class=HTMLResponse)
def login_form(request: Request, weiter: str = "/", zurueckgesetzt: bool = False) -> HTMLResponse:
    message = "Ihr Passwort ist gesetzt. Bitte melden Sie sich an." if zurueckgesetzt else None
    return render(request, "login.html", {"weiter": local_path(weiter), "error": None, "message": message})


@router.post("/anmelden")
def login(
    request: Request,
    benutzername: str = Form(..., max_length=200),
    passwort: str = Form(..., max_length=1000),
    weiter: str = Form("/"),
    session: Session = Depends(get_session, scope="function"),
) -> Response:
    try:
        user = authenticate(session, benutzername, passwort, _client_ip(request))
    except LoginThrottled as error:
        return render(request, "login.html", {"weiter": local_path(weiter), "error": str(error)}, status_code=429)
    if user is None:
        # Failures must be stored even though the answer is an error page.
        session.commit()
        return render(request, "login.html", {
            "weiter": local_path(weiter),
            "error": "Benutzername oder Passwort ist falsch.",
            "benutzername": benutzername,
        }, status_code=401)
    token = start_session(session, user)
    response = RedirectResponse(local_path(weiter), status_code=303)
    secure = cookie_secure(request.app.state.workspace.settings, request)
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax", secure=secure, path="/")
    # A new CSRF seed after sign-in, so a seed planted before cannot be used.
    request.state.csrf_seed = new_seed()
    return response


@router.post("/abmelden")
def logout(request: Request, session: Session = Depends(get_session, scope="function")) -> RedirectResponse:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        end_session(session, token)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response


@router.get("/passwort/{token}", response_class=HTMLResponse)
def reset_form(request: Request, token: str, session: Session = Depends(get_session, scope="function")) -> HTMLResponse:
    valid = valid_reset(session, token) is not None
    return render(request, "reset.html", {"token": token, "valid": valid, "error": None},
                  status_code=200 if valid else 404)


@router.post("/passwort/{token}", response_class=HTMLResponse)
def reset(
    request: Request,
    token: str,
    passwort: str = Form(..., max_length=1000),
    wiederholung: str = Form(..., max_length=1000),
    session: Session = Depends(get_session, scope="function"),
) -> Response:
    if passwort != wiederholung:
        return render(request, "reset.html", {"token": token, "valid": True,
                                              "error": "Die beiden Passwörter stimmen nicht überein."}, status_code=422)
    try:
        reset_password(session, token, passwort)
    except InputError as error:
        valid = valid_reset(session, token) is not None
        return render(request, "reset.html", {"token": token, "valid": valid, "error": str(error)}, status_code=422)
    return RedirectResponse("/anmelden?zurueckgesetzt=1", status_code=303)
