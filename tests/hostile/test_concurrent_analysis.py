"""Many different questions at once (the web server's thread pool) never trip over the Japanese analyser.

A SudachiPy tokenizer refuses concurrent use ("Tokenizer is already in use"); sharing one between the
worker threads turned a burst of varied questions into 500s.
"""

from __future__ import annotations

import threading

from intake.privacy import mask_personal
from knowledge.engine import AnswerEngine
from knowledge.loader import load_cached


def test_eight_threads_of_different_questions_all_get_answers():
    engine = AnswerEngine(load_cached(None))
    errors: list[str] = []
    answered: list[int] = []

    def ask(worker: int) -> None:
        try:
            for i in range(150):
                answer = engine.answer(f"開示請求の手数料はいくらですか（{worker}-{i}番目、東京都の事業所より）")
                mask_personal(f"私は佐藤{worker}です。大阪市北区梅田{i}丁目")
                answered.append(bool(answer.text))
        except Exception as exc:  # any failure at all is the finding
            errors.append(repr(exc))

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(answered) == 8 * 150 and all(answered)
