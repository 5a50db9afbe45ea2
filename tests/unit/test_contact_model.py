"""The contact-type model: shipped weights read with numpy as the scikit-learn fit reads them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from handoff import contact_model, slot_tagger
from handoff.extraction import ContactType, detect_contact_type

ODD = [
    "",
    "   ",
    "\x00\x01\x02",
    "🔥🔥🔥",
    "a",
    "ok",
    "<!channel> " * 50,
    "word " * 5_000,
    "ﬁle… Straße İstanbul l’écran",
    "Ça ne marche plus\tdepuis\n\n  hier  ",
    "VPN-2 down?? error 0x80070005 on PC-114",
]


def _texts() -> list[str]:
    """Openings it was fitted on, replies it never saw, and odd input: about 600 texts."""
    openings, _ = contact_model.training_rows()
    rows = [json.loads(line) for line in slot_tagger.EXAMPLES.read_text("utf-8").splitlines()]
    replies = [r["text"] for r in rows if r.get("asked") is not None]
    return openings[::5] + replies[::25] + ODD


def test_the_shipped_weights_are_fitted_on_the_bundled_examples() -> None:
    # Rebuild with `python -m benchmarks.slot_tagger --contact` after changing the examples.
    assert contact_model.shipped_digest() == slot_tagger.examples_digest()


def test_the_shipped_reader_gives_the_probabilities_of_the_scikit_learn_pipeline() -> None:
    # Fails when the shipped weights are not what the build fits now (rebuild them as above),
    # or when the numpy reader no longer reproduces scikit-learn's features.
    fitted = contact_model.pipeline().fit(*contact_model.training_rows())
    shipped = contact_model.ContactModel.load()
    texts = _texts()
    assert len(texts) > 300
    assert shipped.classes == [str(c) for c in fitted.classes_]
    expected = fitted.predict_proba(texts)
    got = np.array([shipped.probabilities(t) for t in texts])
    assert np.abs(got - expected).max() < 1e-6
    assert [shipped.read(t).kind for t in texts] == list(fitted.classes_[expected.argmax(axis=1)])


def test_reading_needs_numpy_only() -> None:
    code = (
        "import sys; from handoff import contact_model; "
        "r = contact_model.read('my vpn is down since this morning'); "
        "assert r.kind in contact_model.KINDS, r; "
        "assert not [m for m in sys.modules if m.startswith('sklearn')]"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[2])


def test_a_text_with_no_known_feature_reads_as_the_intercepts_say() -> None:
    model = contact_model.shared()
    p = model.probabilities("\x00")
    expected = np.exp(model.intercept - model.intercept.max())
    assert np.allclose(p, expected / expected.sum())
    assert abs(float(p.sum()) - 1.0) < 1e-12


@pytest.mark.parametrize(
    "text",
    [
        # what is asked decides, not the annoyance around it (none of these is in the examples)
        "why do our screens lock after 5 minutes? not a complaint, just wondering if it's a policy",
        "Pourquoi on doit changer de mot de passe tous les 3 mois ? c'est pénible",
        "est-ce que j'ai le droit d'installer Zoom sur mon pc du bureau ? pas urgent",
        "y a-t-il un raccourci pour insérer un tiret cadratin dans Word ? je rédige des rapports",
    ],
)
def test_a_question_that_grumbles_is_still_a_question(text: str) -> None:
    assert detect_contact_type(text) == ContactType.QUESTION
