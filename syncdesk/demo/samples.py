"""Names, places and things the made-up world is made of, and small helpers to pick them."""

from __future__ import annotations

import random
import unicodedata
import uuid

FIRST_NAMES = (
    "Jan", "Pieter", "Koen", "Tom", "Bart", "Wim", "Dirk", "Luc", "Geert", "Stijn",
    "Jeroen", "Thomas", "Lucas", "Arne", "Wouter", "Joris", "Maarten", "Sander", "Bram",
    "Lars", "Ruben", "Jens", "Kristof", "Filip", "Hans", "An", "Els", "Katrien", "Sofie",
    "Lies", "Griet", "Hilde", "Sarah", "Lotte", "Eva", "Emma", "Marie", "Lien", "Nele",
    "Inge", "Veerle", "Ann", "Femke", "Sanne", "Elke", "Charlotte", "Julie", "Hanne",
    "Ine", "Tine",
)  # fmt: skip
LAST_NAMES = (
    "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens",
    "Wouters", "De Smet", "Dubois", "Vermeulen", "Van den Bossche", "De Backer", "Hermans",
    "Michiels", "Lambrechts", "Aerts", "Verstraete", "De Vos", "Van Damme", "Dierickx",
    "Desmet", "Coppens", "Segers", "Verhoeven", "Van de Velde", "Martens", "Smets",
    "De Clercq", "Claeys", "Stevens", "Vandenberghe", "Bogaert", "De Wilde", "Van Acker",
    "Van Hoof", "Bosmans", "Timmermans", "Verbeke", "De Jong", "Jansen", "de Vries",
    "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "de Boer",
)  # fmt: skip
TRADES = (
    "Bakkerij", "Slagerij", "Garage", "Brouwerij", "Drukkerij", "Schrijnwerkerij",
    "Bouwbedrijf", "Transport", "Installatiebedrijf", "Tuinaanleg", "Elektro", "Apotheek",
    "Brasserie", "Bloemenwinkel", "Boekhandel", "Kapsalon", "Dakwerken", "Schilderwerken",
    "Loodgieterij", "Fietsen", "Meubelmakerij", "Juwelier", "Optiek", "Reisbureau",
    "Architectenbureau", "Boekhoudkantoor", "Verzekeringen", "Immo", "Bandencentrale",
    "Houthandel",
)  # fmt: skip
SIGNS = (
    "De Gouden Leeuw", "De Zwaan", "De Molen", "De Kroon", "De Linde", "De Eik",
    "De Roos", "De Ster", "De Hoorn", "De Valk", "De Halve Maan", "Het Anker",
    "De Sleutel", "Het Wit Paard", "De Drie Koningen",
)  # fmt: skip
REGIONS = (
    "Gentse", "Brugse", "Antwerpse", "Leuvense", "Hasseltse", "Mechelse", "Kortrijkse",
    "Oostendse", "Aalsterse", "Limburgse", "Vlaamse", "Kempense", "Waaslandse",
    "Westhoekse",
)  # fmt: skip
INDUSTRIES = (
    "Metaalwerken", "Houthandel", "Bouwmaterialen", "Drukkerij", "Koffiebranderij",
    "Vleeswaren", "Zuivel", "Glasbouw", "Verpakkingen", "Machinebouw", "Textielfabriek",
    "Tegelhandel", "Bandenhandel", "Groothandel", "Koeltechniek", "Elektrotechniek",
    "Mosselhandel", "Chocolaterie", "Stookolie", "Kantoorinrichting",
)  # fmt: skip
LEGAL_FORMS = ("BV", "BV", "BV", "NV", "NV", "CommV", "VOF", "")
# city, post code, telephone zone, country
CITIES_BE = (
    ("Gent", "9000", "9"), ("Brugge", "8000", "50"), ("Antwerpen", "2000", "3"),
    ("Leuven", "3000", "16"), ("Hasselt", "3500", "11"), ("Mechelen", "2800", "15"),
    ("Kortrijk", "8500", "56"), ("Oostende", "8400", "59"), ("Aalst", "9300", "53"),
    ("Genk", "3600", "89"), ("Sint-Niklaas", "9100", "3"), ("Roeselare", "8800", "51"),
    ("Turnhout", "2300", "14"), ("Lokeren", "9160", "9"), ("Dendermonde", "9200", "52"),
    ("Tienen", "3300", "16"), ("Brussel", "1000", "2"), ("Ieper", "8900", "57"),
    ("Lier", "2500", "3"), ("Waregem", "8790", "56"), ("Geel", "2440", "14"),
    ("Tongeren", "3700", "12"), ("Eeklo", "9900", "9"), ("Ronse", "9600", "55"),
)  # fmt: skip
CITIES_NL = (
    ("Breda", "4811", "76"), ("Eindhoven", "5611", "40"), ("Maastricht", "6211", "43"),
    ("Middelburg", "4331", "118"), ("Tilburg", "5038", "13"),
)  # fmt: skip
STREETS = (
    "Kerkstraat", "Stationsstraat", "Molenstraat", "Dorpsstraat", "Nieuwstraat",
    "Schoolstraat", "Veldstraat", "Kapelstraat", "Beekstraat", "Industrieweg",
    "Nijverheidsstraat", "Kouter", "Grote Markt", "Brugsesteenweg", "Gentsesteenweg",
    "Liersesteenweg", "Kortrijksesteenweg", "Hoogstraat", "Lange Nieuwstraat", "Zandstraat",
    "Heirweg", "Ambachtenlaan", "Meersstraat", "Leopoldlaan", "Koning Albertlaan",
    "Vaartstraat", "Lindelaan", "Processiestraat", "Ijzerweg", "Blekerijstraat",
)  # fmt: skip
JOB_TITLES = (
    "Zaakvoerder", "Aankoper", "Boekhouder", "Office manager", "Verkoopsverantwoordelijke",
    "Productieleider", "Magazijnverantwoordelijke", "Financieel directeur",
    "HR-verantwoordelijke", "IT-verantwoordelijke", "Projectleider",
    "Administratief medewerker", "Algemeen directeur", "Logistiek manager",
    "Marketingverantwoordelijke", "Preventieadviseur",
)  # fmt: skip
# description, unit of measure, lowest and highest price
PRODUCTS = (
    ("Bureaustoel", "STUK", 120, 450), ("Bureau zit-sta", "STUK", 350, 900),
    ("Kopieerpapier A4 80 g", "DOOS", 20, 35), ("Koffiebonen", "KG", 12, 30),
    ("Toner", "STUK", 40, 160), ("Laptoptas", "STUK", 30, 90), ("USB-C dock", "STUK", 90, 260),
    ("Monitorarm", "STUK", 45, 180), ("Whiteboard", "STUK", 60, 240),
    ("Archiefdoos", "PAK", 8, 20), ("Ordner A4", "PAK", 10, 25),
    ("Balpennen blauw", "DOOS", 4, 12), ("Installatie op locatie", "UUR", 65, 95),
    ("Consultancy", "UUR", 85, 140), ("Netwerkkabel Cat6", "M", 1, 3),
    ("Kabelgoot", "M", 6, 18), ("Led-paneel 60x60", "STUK", 35, 80),
    ("Handzeep", "L", 3, 9), ("Schoonmaakmiddel", "L", 4, 12), ("Vergaderstoel", "STUK", 70, 220),
    ("Ladeblok", "STUK", 110, 260), ("Headset", "STUK", 35, 190), ("Webcam", "STUK", 40, 150),
    ("Toetsenbord", "STUK", 20, 110), ("Muis draadloos", "STUK", 15, 70),
    ("Bekerhouder", "STUK", 2, 6), ("Waterkoeler", "STUK", 180, 600),
)  # fmt: skip
PRODUCT_LINES = (
    "Comfort", "Basic", "Pro", "Eco", "Plus", "Office", "Premium", "Compact", "Flex", "XL",
)  # fmt: skip
COLOURS = ("zwart", "wit", "grijs", "blauw", "rood", "antraciet", "")
LONG_DESCRIPTIONS = (
    "Ergonomische bureaustoel met hoofdsteun en verstelbare 4D-armleuningen",
    "Onderhoudscontract multifunctionele printer inclusief toner en onderdelen",
    "Zit-sta bureau elektrisch 180 x 80 cm met kabelgoot en geheugenfunctie",
    "Vergadertafel ovaal eikenfineer voor tien personen met stroomaansluiting",
    "Akoestisch scheidingspaneel op wieltjes 160 x 120 cm antraciet vilt",
)  # fmt: skip
NEGATIVE_ITEMS = ("Creditnota korting eindejaar", "Retour statiegeld vaten")


def _slug(text: str) -> str:
    """Lowercase ASCII letters and digits only: for e-mail addresses."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in plain.lower() if ch.isalnum())


def _guid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _digits(rng: random.Random, count: int) -> str:
    return "".join(str(rng.randrange(10)) for _ in range(count))


def _landline(rng: random.Random, zone: str, country: str) -> str:
    if country == "NL":
        return f"+31 {zone} {_digits(rng, 10 - len(zone) - 4)} {_digits(rng, 4)}"
    if len(zone) == 1:
        return f"+32 {zone} {_digits(rng, 3)} {_digits(rng, 2)} {_digits(rng, 2)}"
    return f"+32 {zone} {_digits(rng, 2)} {_digits(rng, 2)} {_digits(rng, 2)}"


def _mobile(rng: random.Random) -> str:
    return f"+32 4{rng.choice('6789')}{_digits(rng, 1)} {_digits(rng, 2)} {_digits(rng, 2)} " + (
        _digits(rng, 2)
    )


def _national(phone: str) -> str:
    """A Belgian number as people type it: +32 9 123 45 67 -> 09 123 45 67."""
    return "0" + phone[4:] if phone.startswith("+32 ") else phone
