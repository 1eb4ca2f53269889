"""London's 33 local authority areas (32 boroughs and the City), as the
sample bank codes them, with their names and GSS codes, so a sample file may
give any of the three."""

from __future__ import annotations

#: (code, name, GSS code), in GSS order.
BOROUGHS: tuple[tuple[str, str, str], ...] = tuple(
    (code, name, f"E09{number:06d}")
    for number, (code, name) in enumerate(
        (
            ("city_of_london", "City of London"),
            ("barking_and_dagenham", "Barking and Dagenham"),
            ("barnet", "Barnet"),
            ("bexley", "Bexley"),
            ("brent", "Brent"),
            ("bromley", "Bromley"),
            ("camden", "Camden"),
            ("croydon", "Croydon"),
            ("ealing", "Ealing"),
            ("enfield", "Enfield"),
            ("greenwich", "Greenwich"),
            ("hackney", "Hackney"),
            ("hammersmith_and_fulham", "Hammersmith and Fulham"),
            ("haringey", "Haringey"),
            ("harrow", "Harrow"),
            ("havering", "Havering"),
            ("hillingdon", "Hillingdon"),
            ("hounslow", "Hounslow"),
            ("islington", "Islington"),
            ("kensington_and_chelsea", "Kensington and Chelsea"),
            ("kingston_upon_thames", "Kingston upon Thames"),
            ("lambeth", "Lambeth"),
            ("lewisham", "Lewisham"),
            ("merton", "Merton"),
            ("newham", "Newham"),
            ("redbridge", "Redbridge"),
            ("richmond_upon_thames", "Richmond upon Thames"),
            ("southwark", "Southwark"),
            ("sutton", "Sutton"),
            ("tower_hamlets", "Tower Hamlets"),
            ("waltham_forest", "Waltham Forest"),
            ("wandsworth", "Wandsworth"),
            ("westminster", "Westminster"),
        ),
        start=1,
    )
)

_BY_ANY = {
    key: code
    for code, name, gss in BOROUGHS
    for key in (code, name.casefold(), name.casefold().replace(" ", "_"), gss.casefold())
}
NAMES = {code: name for code, name, _ in BOROUGHS}


def borough_code(text: str) -> str | None:
    """The code for a borough given by code, name or GSS code; None if it is not one."""
    return _BY_ANY.get(" ".join(text.split()).casefold().replace("&", "and"))
