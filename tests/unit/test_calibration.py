"""Per-knowledge-base calibration and tuning plans, without the model: folds, holdouts, batches,
threshold choice, and the stored model's integrity."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from bot.config import CalibrationSettings, TuningSettings
from knowledge.article import ArticleContent, ArticleType, Audience, Confidence
from knowledge.calibration import (
    NEVER,
    Ranked,
    assign_folds,
    calibrate,
    holdout_for_tuning,
    off_topic_questions,
    quality,
    thresholds_from_json,
    thresholds_json,
    training_view,
)
from knowledge.decision import Decision, Thresholds, decide
from knowledge.tuning import (
    TuningError,
    batches,
    model_key,
    pack,
    planned_steps,
    training_groups,
    unpack,
)


def article(slug: str, phrasings: list[str], phrases: tuple[str, ...] = ()) -> ArticleContent:
    return ArticleContent(
        id=slug,
        title=slug.replace("-", " "),
        type=ArticleType.HOW_TO,
        confidence=Confidence.VALIDATED,
        audience=Audience.EMPLOYEES,
        language="en",
        owner="it",
        issue=tuple(phrasings),
        resolution="Do the thing.",
        search_phrases=phrases,
    )


KB = [
    (f"a{i}", article(f"a{i}", [f"a{i} phrasing {j}" for j in range(5)], (f"a{i} confirmed",)))
    for i in range(10)
]


def test_folds_split_each_articles_phrasings_evenly_and_repeatably() -> None:
    cal = CalibrationSettings()
    folds = assign_folds(KB, cal)
    assert folds == assign_folds(KB, cal)
    for slug, content in KB:
        count = len(content.issue) + len(content.search_phrases)
        seen = [folds[(slug, j)] for j in range(count)]
        assert set(seen) == set(range(cal.folds))  # 6 phrasings over 5 folds: all used


def test_the_twins_training_never_sees_what_calibration_asks() -> None:
    cal = CalibrationSettings()
    holdout = holdout_for_tuning(KB, cal)
    assert len(holdout.articles) == 2
    view = training_view(KB, KB, cal, holdout)
    trained_slugs = {c.id for c in view}
    assert trained_slugs.isdisjoint(holdout.articles)
    folds = assign_folds(KB, cal)
    for content in view:
        original = dict(KB)[content.id]
        texts = [*original.issue, *original.search_phrases]
        kept = {*content.issue, *content.search_phrases}
        for j, text in enumerate(texts):
            assert (text in kept) == (folds[(content.id, j)] != holdout.fold)


def test_batches_hold_one_pair_per_article_and_are_seeded() -> None:
    groups = training_groups([c for _, c in KB])
    assert len(groups) == 10 and all(len(g) == 7 for g in groups)  # title + 5 + confirmed
    plan = batches(groups, 4, 12, seed=3)
    assert plan == batches(groups, 4, 12, seed=3)
    assert plan != batches(groups, 4, 12, seed=4)
    assert len(plan) == 12
    owner = {text: i for i, group in enumerate(groups) for text in group}
    for batch in plan:
        assert len(batch) == 4
        articles = [owner[a] for a, _ in batch]
        assert len(set(articles)) == len(articles)
        assert all(owner[a] == owner[p] and a != p for a, p in batch)


def test_steps_follow_the_size_of_the_knowledge_base_within_bounds() -> None:
    settings = TuningSettings(min_steps=30, max_steps=240, steps_per_article=1.0)
    assert planned_steps(5, settings) == 30
    assert planned_steps(150, settings) == 150
    assert planned_steps(5000, settings) == 240


def test_thresholds_meet_the_target_precision_on_the_queries_they_were_fitted_on() -> None:
    ranked = []
    for i in range(40):  # clear hits, score 0.9 vs 0.4
        ranked.append(Ranked(f"x{i}", [(f"x{i}", 0.9), ("y", 0.4)]))
    for i in range(10):  # wrong top hits at 0.7
        ranked.append(Ranked(f"x{i}", [("wrong", 0.7), (f"x{i}", 0.65)]))
    for _ in range(20):  # out of scope at 0.6
        ranked.append(Ranked(None, [("z", 0.6), ("w", 0.3)]))
    t = calibrate(ranked, 0.95, 0.03, 0.9, 0.25)
    q = quality(ranked, t)
    assert q.answer_precision >= 0.95 and q.oos_false_answer <= 0.03
    assert q.coverage == pytest.approx(40 / 50)
    assert 0.6 < t.answer_threshold <= 0.9
    assert decide([0.7, 0.65], t)[0] is not Decision.ANSWER
    # the near misses are offered as choices, the out-of-scope ones are not
    assert decide([0.7, 0.65], t)[0] is Decision.DISAMBIGUATE
    assert decide([0.6, 0.3], t)[0] is Decision.NONE


def test_unreachable_precision_means_never_answer_and_survives_json() -> None:
    ranked = [Ranked("a", [("b", 0.9)]), Ranked("a", [("a", 0.8)])]
    t = calibrate(ranked, 0.99, 0.0, 0.9)
    assert t == NEVER
    assert thresholds_json(t)["answer_threshold"] is None
    assert thresholds_from_json(thresholds_json(t)) == t


def test_the_off_topic_set_is_bundled_in_both_languages() -> None:
    questions = off_topic_questions()
    assert len(questions) >= 100
    assert any("météo" in q for q in questions) and any("weather" in q for q in questions)
    assert not any(q.startswith("#") for q in questions)


def test_a_packed_model_has_a_stable_hash_and_a_corrupt_one_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "model"
    (folder / "sub").mkdir(parents=True)
    (folder / "config.json").write_text("{}")
    (folder / "sub" / "weights.bin").write_bytes(b"\x00\x01" * 100)
    data, sha = pack(folder)
    assert sha == hashlib.sha256(data).hexdigest()
    assert pack(folder) == (data, sha)  # no times or owners in the tar
    target = unpack(data, sha, tmp_path / "cache")
    assert (target / "sub" / "weights.bin").read_bytes() == b"\x00\x01" * 100
    with pytest.raises(TuningError, match="corrupt"):
        unpack(data[:-1] + b"x", "0" * 64, tmp_path / "cache")
    assert model_key("m", sha) == f"m+tuned:{sha[:16]}" and model_key("m", None) == "m"


@pytest.mark.parametrize(
    ("lexical", "expected"),
    [
        ((0.1, 0.2, 0.0, 0.0, 0.0), (Decision.NONE, 0)),
        ((0.1, 0.3, 0.0, 0.0, 0.0), (Decision.DISAMBIGUATE, 2)),
        ((0.0,) * 5, (Decision.NONE, 0)),
    ],
)
def test_a_list_needs_one_article_that_shares_the_questions_words(
    lexical: tuple[float, ...], expected: tuple[Decision, int]
) -> None:
    t = Thresholds(0.8, 0.1, 0.5, 0.2, 0.0, disambiguate_lexical=0.25)
    scores = [0.7, 0.68, 0.4, 0.3, 0.2]
    assert decide(scores, t) == (Decision.DISAMBIGUATE, 2)  # no lexical scores: no check
    assert decide(scores, t, lexical=lexical) == expected


def test_an_answer_needs_no_shared_word() -> None:
    t = Thresholds(0.6, 0.1, 0.5, 0.2, 0.0, disambiguate_lexical=0.25)
    assert decide([0.9, 0.5], t, lexical=[0.0, 0.0]) == (Decision.ANSWER, 1)
