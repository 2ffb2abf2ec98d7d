"""The sandbox's error texts in English and Swedish, chosen by the ``x-language`` header.

BokaMera answers in the language the client asks for (BOKAMERA_API.md, "Authentication"
step 4). The sandbox does the same so that the app's handling of a Swedish server message
(shown to the desk as-is) is exercised in tests. Field names are spelt as FluentValidation
spells them in messages ("Message Body"), while ``FieldName`` keeps the property name.
"""

from __future__ import annotations

from collections.abc import Mapping

# code -> (English, Swedish); {named} fields are filled by text().
_TEXTS: Mapping[str, tuple[str, str]] = {
    "not_authenticated": (
        "Not authenticated: send a valid bearer token in the Authorization header.",
        "Inte inloggad: skicka en giltig åtkomsttoken i Authorization-huvudet.",
    ),
    "token_invalid": (
        "The access token has expired or is not valid. Log in again.",
        "Åtkomsttoken har gått ut eller är ogiltig. Logga in igen.",
    ),
    "bad_api_key": (
        "The API key (x-api-key) is missing or not valid for this company.",
        "API-nyckeln (x-api-key) saknas eller gäller inte för det här företaget.",
    ),
    "too_low_privileges": (
        "You have too low privileges to call this service.",
        "Du har för låga behörigheter för att anropa den här tjänsten.",
    ),
    "no_company_access": (
        "You have no access to company {company}.",
        "Du har inte behörighet till företaget {company}.",
    ),
    "not_empty": (
        "'{label}' must not be empty.",
        "'{label}' får inte vara tomt.",
    ),
    "invalid_mobile": (
        "'{label}' is not a valid mobile number.",
        "'{label}' är inte ett giltigt mobilnummer.",
    ),
    "max_length": (
        "The length of '{label}' must be {max} characters or fewer. You entered {n} characters.",
        "'{label}' får vara högst {max} tecken långt. Du angav {n} tecken.",
    ),
    "invalid_value": (
        "'{value}' is not a valid value for '{label}'.",
        "'{value}' är inte ett giltigt värde för '{label}'.",
    ),
    "bad_request_body": (
        "The request body could not be read as a JSON object.",
        "Anropets innehåll kunde inte läsas som ett JSON-objekt.",
    ),
    "unsupported_media_type": (
        "The content type {content_type} is not supported. Send application/json.",
        "Innehållstypen {content_type} stöds inte. Skicka application/json.",
    ),
    "not_found": (
        "Handler for request not found: {method} {path}",
        "Det finns ingen tjänst för anropet: {method} {path}",
    ),
    "method_not_allowed": (
        "The method {method} is not allowed for {path}.",
        "Metoden {method} är inte tillåten för {path}.",
    ),
    "too_many_requests": (
        "Too many requests. Wait a moment and try again.",
        "För många anrop. Vänta en stund och försök igen.",
    ),
    "service_unavailable": (
        "The service is temporarily unavailable. Try again later.",
        "Tjänsten är tillfälligt otillgänglig. Försök igen senare.",
    ),
    "server_error": (
        "The server could not handle the request (HTTP {status}).",
        "Servern kunde inte hantera anropet (HTTP {status}).",
    ),
    "admin_loopback_only": (
        "The sandbox controls only answer on the loopback interface.",
        "Sandlådans inställningar svarar bara på loopback-gränssnittet.",
    ),
}

# FluentValidation's spelling of property names in messages.
LABELS_EN: Mapping[str, str] = {
    "Receiver": "Receiver",
    "MessageBody": "Message Body",
    "ToSendDate": "To Send Date",
    "CompanyId": "Company Id",
}
LABELS_SV: Mapping[str, str] = {
    "Receiver": "Mottagare",
    "MessageBody": "Meddelande",
    "ToSendDate": "Skickas",
    "CompanyId": "Företags-id",
}


def language_of(header: str | None) -> str:
    """``sv`` for any Swedish tag (sv, sv-SE), else ``en`` (BokaMera's default)."""
    if header and header.strip().lower().startswith("sv"):
        return "sv"
    return "en"


def text(code: str, language: str, **params: object) -> str:
    english, swedish = _TEXTS[code]
    return (swedish if language == "sv" else english).format(**params)


def label(field: str, language: str) -> str:
    labels = LABELS_SV if language == "sv" else LABELS_EN
    return labels.get(field, field)
