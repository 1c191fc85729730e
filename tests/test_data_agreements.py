"""Agreements carry their contents as figures (volumes, durations, numbers of markets, megawatts,
targets) so that a report can list them with ``pakiran.reported_numbers(subject)``.

``CONTENTS`` maps each covered agreement event to the figure rows that state what it contains:
rows of a subject kept for that agreement alone, and rows of a general subject (the pipeline,
electricity from Iran, bilateral trade) that describe the same agreement. Removing one of these
rows, or moving it to another subject, fails a test here.
"""
from __future__ import annotations

import json

import pakiran as pk

# event id -> {figure id: (subject, measure, value, unit)}
CONTENTS = {
    "2004-03-04-pta-signed": {
        "fig-pta-2004-tariff-lines-iran-commerce": ("pta_2004", "tariff_lines_iran", 309, "tariff_lines"),
        "fig-pta-2004-tariff-lines-pakistan-commerce": ("pta_2004", "tariff_lines_pakistan", 338, "tariff_lines"),
        "fig-pta-2004-mfn-share-commerce": ("pta_2004", "mfn_tariff_share", 18, "percent"),
    },
    "2002-iran-electricity-agreement": {
        "fig-electricity-2002-arynews-2021": ("electricity_from_iran", "agreed_supply", 34, "MW"),
    },
    "2007-tavanir-100mw-gwadar-agreement": {
        "fig-gwadar-power-2007-supply-economist": ("gwadar_power_agreement_2007", "agreed_supply", 100, "MW"),
        "fig-gwadar-power-2007-line-economist": ("gwadar_power_agreement_2007", "line_length", 170, "km"),
        "fig-gwadar-power-2007-supply-economist-2007": ("gwadar_power_agreement_2007", "agreed_supply", 100, "MW"),
        "fig-gwadar-power-2007-line-economist-2007": ("gwadar_power_agreement_2007", "line_length", 170, "km"),
        "fig-gwadar-power-2007-line-pak-economist-2007": ("gwadar_power_agreement_2007", "length_in_pakistan", 100, "km"),
        "fig-gwadar-power-2007-line-irn-economist-2007": ("gwadar_power_agreement_2007", "length_in_iran", 70, "km"),
        "fig-gwadar-power-2007-cost-economist-2007": ("gwadar_power_agreement_2007", "project_cost", 86, "usd_million"),
    },
    "2009-05-24-ip-framework-declaration": {
        "fig-ip-2009-supply-domainb": ("ip_framework_declaration_2009", "daily_supply", 23, "mcm_per_day"),
        "fig-ip-2009-duration-domainb": ("ip_framework_declaration_2009", "supply_duration", 25, "years"),
        "fig-pipeline-capacity-brecorder-2009": ("gas_pipeline", "capacity", 750, "mmcfd"),
    },
    "2010-03-16-ip-agreement-turkey": {
        "fig-ip-2010-supply-iraniancom": ("ip_agreement_2010", "daily_supply", 750, "mmcfd"),
        "fig-ip-2010-duration-iraniancom": ("ip_agreement_2010", "supply_duration", 25, "years"),
        "fig-ip-2010-supply-twocircles": ("ip_agreement_2010", "daily_supply", 750, "mmcfd"),
    },
    "2010-06-13-gas-export-contract-tehran": {
        "fig-pipeline-capacity-tehrantimes-2010": ("gas_pipeline", "capacity", 21, "mcm_per_day"),
        "fig-ip-export-2010-supply-dailynewsegypt": ("ip_export_contract_2010", "daily_supply", 21, "mcm_per_day"),
    },
    "2019-09-16-amended-gspa-signed": {
        "fig-ip-2019-extension-irannewsdaily": ("ip_gspa_amendment_2019", "deadline_extension", 5, "years"),
        "fig-ip-2019-supply-arynews": ("ip_gspa_amendment_2019", "daily_supply", 750, "mmcfd"),
        "fig-ip-2019-max-supply-arynews": ("ip_gspa_amendment_2019", "max_daily_supply", 1000, "mmcfd"),
        "fig-ip-2019-gwadar-arynews": ("ip_gspa_amendment_2019", "supply_to_gwadar", 250, "mmcfd"),
        "fig-ip-2019-supply-presstv": ("ip_gspa_amendment_2019", "daily_supply", 750, "mmcfd"),
        "fig-ip-2019-earlier-period-presstv": ("ip_gspa_amendment_2019", "earlier_construction_period", 22, "months"),
    },
    "2016-03-five-year-trade-plan": {
        "fig-trade-target-tribune-2016": ("bilateral_trade", "target", 5, "usd_billion"),
    },
    "2021-04-mou-six-border-markets": {
        "fig-border-markets-mou-2021-app": ("border_markets_mou_2021", "markets", 6, "count"),
        "fig-border-markets-mou-2021-thenews": ("border_markets_mou_2021", "markets", 6, "count"),
        "fig-border-markets-mou-2021-phase1-geo": ("border_markets_mou_2021", "markets_first_phase", 3, "count"),
        "fig-border-markets-mou-2021-phase2-geo": ("border_markets_mou_2021", "markets_second_phase", 3, "count"),
    },
    "2022-06-21-additional-100mw-agreement": {
        "fig-gwadar-power-2022-supply-profit": ("gwadar_power_agreement_2022", "additional_supply", 100, "MW"),
    },
    "2022-08-18-21st-joint-economic-commission": {
        "fig-trade-target-tehrantimes-2022": ("bilateral_trade", "target", 4, "usd_billion"),
    },
    "2023-03-mou-100mw-gwadar": {
        "fig-gwadar-power-2023-supply-dawn": ("gwadar_power_mou_2023", "agreed_supply", 100, "MW"),
        "fig-gwadar-power-2023-line-dawn": ("gwadar_power_mou_2023", "line_length", 29, "km"),
    },
    "2023-08-03-five-year-trade-plan": {
        "fig-trade-target-tribune-2023": ("bilateral_trade", "target", 5, "usd_billion"),
    },
    "2024-04-22-eight-mous-signed": {
        "fig-raisi-visit-accords-dunya": ("raisi_visit_2024", "agreements_signed", 8, "agreements"),
    },
    "2024-04-24-raisi-visit-joint-statement": {
        "fig-trade-target-radiopakistan-joint-statement": ("bilateral_trade", "target", 10, "usd_billion"),
    },
}

# Subjects kept for one agreement alone: every row of them is listed in CONTENTS.
AGREEMENT_SUBJECTS = {"pta_2004", "gwadar_power_agreement_2007", "ip_framework_declaration_2009",
                      "ip_agreement_2010", "ip_export_contract_2010", "ip_gspa_amendment_2019", "border_markets_mou_2021",
                      "gwadar_power_agreement_2022", "gwadar_power_mou_2023", "raisi_visit_2024"}


def _figure_labels():
    descriptor = json.loads((pk.data_dir() / "datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for r in descriptor["resources"] if r["name"] == "figures" for f in r["schema"]["fields"]}
    return {column: {c["value"] for c in fields[column].get("categories", [])} for column in ("subject", "measure", "unit")}


def test_covered_events_are_agreements():
    events = pk.load_events().set_index("id")
    missing = set(CONTENTS) - set(events.index)
    assert not missing, missing
    kinds = events.loc[list(CONTENTS), "kind"].astype(str)
    assert (kinds == "agreement").all(), kinds[kinds != "agreement"].to_dict()


def test_every_covered_agreement_has_its_figures():
    figures = pk.load_figures().set_index("id")
    for event_id, rows in CONTENTS.items():
        assert rows, event_id
        for figure_id, (subject, measure, value, unit) in rows.items():
            assert figure_id in figures.index, (event_id, figure_id)
            row = figures.loc[figure_id]
            found = (row["subject"], row["measure"], float(row["value"]), str(row["unit"]))
            assert found == (subject, measure, float(value), unit), (event_id, figure_id, found)


def test_agreement_subjects_list_their_contents():
    listed = {figure_id for rows in CONTENTS.values() for figure_id in rows}
    for subject in AGREEMENT_SUBJECTS:
        rows = pk.reported_numbers(subject)
        assert len(rows) > 0, subject
        assert set(rows["id"]) <= listed, (subject, set(rows["id"]) - listed)


def test_every_figure_has_labelled_subject_measure_and_unit():
    labels = _figure_labels()
    figures = pk.load_figures()
    for column in ("subject", "measure", "unit"):
        unlabelled = set(figures[column].astype(str)) - labels[column]
        assert not unlabelled, (column, unlabelled)


def test_each_measure_of_an_agreement_has_one_unit():
    figures = pk.load_figures()
    figures = figures[figures["subject"].isin(AGREEMENT_SUBJECTS)]
    units = figures.groupby(["subject", "measure"])["unit"].nunique()
    assert (units == 1).all(), units[units > 1].to_dict()


def test_agreement_figures_are_not_duplicated():
    figures = pk.load_figures()
    key = ["subject", "measure", "value", "unit", "source_id"]
    duplicated = figures[figures.duplicated(key, keep=False)]
    assert duplicated.empty, duplicated["id"].tolist()


def test_liaison_posts_of_january_2024_are_places():
    """The foreign ministers' agreement of 29 January 2024 names Turbat and Zahedan; places.csv
    carries them with the role liaison_post_2024."""
    places = pk.load_places().set_index("id")
    posts = {pid for pid, roles in places["roles"].items() if "liaison_post_2024" in roles}
    assert {"turbat", "zahedan"} <= posts
