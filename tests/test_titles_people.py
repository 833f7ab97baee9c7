"""The titles check follows people through time and through the article:
deaths, monarchs' reigns, pre-office titles, stale titles carried by the
surname, and near-miss surnames next to a title, across countries."""
import pytest

from test_titles import lint

CASES = [
    # deaths: the person cannot speak or act after them (Japan, Italy, Iran, Holy See, China, India, Saudi Arabia, US)
    ("Former Japanese Prime Minister Shinzo Abe said on Tuesday that Japan must rearm.", "2023-03-15",
     "deceased", "Former Japanese Prime Minister Shinzo Abe"),
    ("Former Japanese Prime Minister Shinzo Abe said on Tuesday that Japan must rearm.", "2022-07-01", None, None),
    ("Former Japanese Prime Minister Shinzo Abe said on Tuesday that Japan must rearm.", "2022-07-12", None, None),  # the week after
    ("Abe, who was killed in 2022, said in 2019 that Japan must rearm.", "2023-03-15", None, None),
    ("Silvio Berlusconi says Italy needs a flat tax.", "2024-01-10", "deceased", "Silvio Berlusconi"),
    ("Silvio Berlusconi says Italy needs a flat tax.", "2023-01-10", None, None),
    ("Iranian President Ebrahim Raisi will visit Moscow next month.", "2024-06-10", "deceased", "Iranian President Ebrahim Raisi"),
    ("Pope Francis says the church must welcome migrants.", "2026-02-01", "deceased", "Pope Francis"),
    ("Pope Francis, who died in April, had called for peace.", "2025-05-20", None, None),
    ("The late Pope Francis said on Tuesday, in a letter published after his death, that peace matters.", "2025-05-20", None, None),
    ("Former Indian Prime Minister Manmohan Singh told reporters on Monday that growth would slow.", "2025-03-01",
     "deceased", "Former Indian Prime Minister Manmohan Singh"),
    ("King Abdullah told visitors on Monday that oil prices would rise.", "2016-03-01", "deceased", "King Abdullah"),
    ('"Former Vice President Dick Cheney says we must stay," she recalled.', "2026-01-10", None, None),  # a quotation
    # monarchs: a reign is an office; the title stays with the regnal name after it (UK, Netherlands, Spain, Denmark, Japan)
    ("King Charles met President Macron.", "2022-08-01", "future-title", "King Charles"),
    ("King Willem-Alexander opened parliament.", "2012-09-18", "future-title", "King Willem-Alexander"),
    ("King Willem-Alexander opened parliament.", "2015-09-15", None, None),
    ("Queen Beatrix opened parliament.", "2015-09-15", None, None),  # title kept after abdication
    ("Dutch Queen Beatrix opened parliament.", "2010-09-21", None, None),
    ("King Felipe VI of Spain received the prime minister.", "2013-05-01", "future-title", "King Felipe VI"),
    ("Spain's King Felipe VI received the prime minister.", "2020-05-01", None, None),
    ("King Frederik X of Denmark visited Greenland.", "2023-06-01", "future-title", "King Frederik X"),
    ("Queen Margrethe II of Denmark visited Greenland.", "2023-06-01", None, None),
    ("Emperor Naruhito met the president.", "2018-06-01", "future-title", "Emperor Naruhito"),
    ("King Salman received the envoy.", "2014-06-01", "future-title", "King Salman"),
    ("Saudi King Salman received the envoy.", "2019-06-01", None, None),
    ("King Harald V of Norway opened parliament.", "1990-10-01", "future-title", "King Harald V"),
    ("King Carl XVI Gustaf of Sweden opened the Riksdag.", "2020-09-08", None, None),
    ("Pope Leo XIV met the president.", "2025-04-01", "future-title", "Pope Leo XIV"),
    # pre-office titles and their windows (US, Brazil, Argentina, Mexico, Poland, Taiwan)
    ("President-elect Joe Biden signed the relief bill.", "2021-03-10", "pre-office-title", "President-elect Joe Biden"),
    ("President-elect Joe Biden named his economic team.", "2020-12-01", None, None),
    ("President-elect Joe Biden arrived at the Capitol.", "2021-01-20", None, None),
    ("President-elect Donald Trump named his cabinet.", "2024-12-01", None, None),
    ("President-elect Donald Trump met Putin.", "2025-03-01", "pre-office-title", "President-elect Donald Trump"),
    ("Vice President-elect Kamala Harris spoke.", "2020-12-01", None, None),
    ("Brazil's President-elect Luiz Inácio Lula da Silva met union leaders.", "2023-02-01",
     "pre-office-title", "Brazil's President-elect Luiz Inácio Lula da Silva"),
    ("Brazil's President-elect Luiz Inácio Lula da Silva met union leaders.", "2022-11-15", None, None),
    ("Argentine President-elect Javier Milei promised cuts.", "2023-12-01", None, None),
    ("Argentine President-elect Javier Milei promised cuts.", "2024-02-01", "pre-office-title", "Argentine President-elect Javier Milei"),
    ("Mexican President-elect Claudia Sheinbaum met business leaders.", "2024-08-01", None, None),
    ("Mexican President-elect Claudia Sheinbaum met business leaders.", "2025-01-10", "pre-office-title",
     "Mexican President-elect Claudia Sheinbaum"),
    ("Polish President-elect Karol Nawrocki met Trump.", "2025-09-03", "pre-office-title", "Polish President-elect Karol Nawrocki"),
    ("Taiwan's President-elect Lai Ching-te met US lawmakers.", "2024-02-01", None, None),
    # near-miss surnames next to a title (UK, Germany, France, India, US, Ukraine)
    ("British Prime Minister Starmar spoke in Kyiv.", "2025-03-17", "near-miss-holder", "British Prime Minister Starmar"),
    ("Prime Minister Keir Starmar spoke in Kyiv.", "2025-03-17", "near-miss-holder", "Prime Minister Keir Starmar"),
    ("Chancellor Scholtz met Macron.", "2024-03-17", "near-miss-holder", "Chancellor Scholtz"),
    ("French President Macrone spoke.", "2024-03-17", "near-miss-holder", "French President Macrone"),
    ("Indian Prime Minister Modhi visited Moscow.", "2024-07-08", "near-miss-holder", "Indian Prime Minister Modhi"),
    ("US President Bidenn spoke.", "2023-07-08", "near-miss-holder", "US President Bidenn"),
    ("Russian President Poutine spoke.", "2023-07-08", "near-miss-holder", "Russian President Poutine"),
    ("Japanese Prime Minister Kishda spoke.", "2023-07-08", "near-miss-holder", "Japanese Prime Minister Kishda"),
    ("Mexican President Sheinbuam spoke.", "2025-07-08", "near-miss-holder", "Mexican President Sheinbuam"),
    ("Ukrainian President Zelenskyy spoke.", "2024-07-08", None, None),  # a known spelling
    ("Prime Minister Smith of the Cook Islands spoke.", "2025-03-17", None, None),
    ("President Elect Trump spoke.", "2016-12-01", None, None),
    # wider coverage: interior ministers, central banks, international bodies
    ("German Interior Minister Nancy Faeser spoke.", "2025-06-01", "stale-title", "German Interior Minister Nancy Faeser"),
    ("Interior Minister Alexander Dobrindt spoke.", "2025-06-01", None, None),
    ("Home Secretary Yvette Cooper spoke.", "2025-10-01", "stale-title", "Home Secretary Yvette Cooper"),
    ("Home Secretary Shabana Mahmood spoke.", "2025-10-01", None, None),
    ("World Bank President David Malpass spoke.", "2024-01-01", "stale-title", "World Bank President David Malpass"),
    ("World Bank President Ajay Banga spoke.", "2024-01-01", None, None),
    ("PBOC Governor Yi Gang spoke.", "2024-01-01", "stale-title", "PBOC Governor Yi Gang"),
    ("Canadian Finance Minister Chrystia Freeland spoke.", "2025-01-10", "stale-title",
     "Canadian Finance Minister Chrystia Freeland"),
    ("Finance Minister Dominic LeBlanc spoke.", "2025-01-10", None, None),
    ("Italian Economy Minister Giancarlo Giorgetti spoke.", "2022-09-01", "future-title",
     "Italian Economy Minister Giancarlo Giorgetti"),
    ("Indian Finance Minister Nirmala Sitharaman presented the budget.", "2024-02-01", None, None),
]


@pytest.mark.parametrize("text, date, rule, span", CASES)
def test_people_through_time(text, date, rule, span):
    findings = [f for f in lint(text, date) if f.severity in ("warning", "error")]
    if rule is None:
        assert findings == [], [f.message for f in findings]
    else:
        assert [(f.rule, f.match) for f in findings] == [(f"fact.{rule}", span)]


def test_death_message_gives_the_date_and_the_act():
    [f] = lint("Former Japanese Prime Minister Shinzo Abe said on Tuesday that Japan must rearm.", "2023-03-15")
    assert "Shinzo Abe died on 2022-07-08" in f.message and "said on Tuesday" in f.message


def test_pre_office_message_and_fix():
    [f] = lint("President-elect Joe Biden signed the relief bill.", "2021-03-10")
    assert "took office as US President on 2021-01-20" in f.message
    assert f.suggestions == ("President Joe Biden",)


def test_near_miss_names_the_holder():
    [f] = lint("British Prime Minister Starmar spoke in Kyiv.", "2025-03-17")
    assert "did you mean Keir Starmer" in f.message
    assert f.suggestions == ("British Prime Minister Starmer",)


CARRIED = [
    # (text, date, expected (rule, line, match) list) across Germany, UK, US, France, Japan, Ukraine
    ("Chancellor Angela Merkel met Emmanuel Macron in Paris.\nMerkel said the talks had gone well.\nMerkel stressed unity.",
     "2023-05-10", [("fact.stale-title", 1, "Chancellor Angela Merkel"), ("fact.stale-title-carried", 2, "Merkel"),
                    ("fact.stale-title-carried", 3, "Merkel")]),
    ("Prime Minister Boris Johnson visited Kyiv.\nJohnson told reporters Britain would help.", "2024-03-01",
     [("fact.stale-title", 1, "Prime Minister Boris Johnson"), ("fact.stale-title-carried", 2, "Johnson")]),
    ("President Joe Biden spoke in Ohio.\nBiden said jobs were coming back.", "2025-06-01",
     [("fact.stale-title", 1, "President Joe Biden"), ("fact.stale-title-carried", 2, "Biden")]),
    ("French Prime Minister Michel Barnier spoke.\nBarnier warned of a deficit.", "2025-03-01",
     [("fact.stale-title", 1, "French Prime Minister Michel Barnier"), ("fact.stale-title-carried", 2, "Barnier")]),
    ("Japanese Prime Minister Fumio Kishida met Biden.\nKishida promised more aid.", "2025-03-01",
     [("fact.stale-title", 1, "Japanese Prime Minister Fumio Kishida"), ("fact.stale-title-carried", 2, "Kishida")]),
    ("Foreign Minister Dmytro Kuleba spoke.\nKuleba urged allies to send air defence.", "2024-10-10",
     [("fact.stale-title", 1, "Foreign Minister Dmytro Kuleba"), ("fact.stale-title-carried", 2, "Kuleba")]),
    # a right title: later references are fine; a possessive or an earlier reference is not an act
    ("Former Chancellor Angela Merkel met Emmanuel Macron in Paris.\nMerkel said the talks had gone well.", "2023-05-10", []),
    ("Chancellor Angela Merkel met Emmanuel Macron in Paris.\nMerkel said the talks had gone well.", "2020-05-10", []),
    ("Merkel said the talks had gone well.\nChancellor Angela Merkel met Emmanuel Macron.\nMerkel's aides agreed.", "2023-05-10",
     [("fact.stale-title", 2, "Chancellor Angela Merkel")]),
]


@pytest.mark.parametrize("text, date, expected", CARRIED)
def test_surname_references_inherit_the_stale_title(text, date, expected):
    found = [(f.rule, f.line, f.match) for f in lint(text, date) if f.severity in ("warning", "error")]
    assert found == expected


def test_carried_message_points_at_the_first_mention():
    text = "Chancellor Angela Merkel met Emmanuel Macron in Paris.\nMerkel said the talks had gone well."
    carried = [f for f in lint(text, "2023-05-10") if f.rule == "fact.stale-title-carried"]
    assert len(carried) == 1 and "'Chancellor Angela Merkel' on line 1" in carried[0].message
    assert "2005-11-22 to 2021-12-08" in carried[0].message
