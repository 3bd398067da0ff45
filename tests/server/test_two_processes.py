"""Two ``notices server run`` processes on one PostgreSQL: concurrent saves of one draft lose nothing,
concurrent issues give distinct numbers."""

from __future__ import annotations

import threading

import pytest

from tests.server.conftest import as_data, example_text, login

pytestmark = pytest.mark.postgres


def run_together(jobs) -> list:  # type: ignore[no-untyped-def]
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(i, job):  # type: ignore[no-untyped-def]
        barrier.wait()
        results[i] = job()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    return results


def test_concurrent_saves_of_one_draft_through_two_processes_lose_nothing(two):
    first, second = two
    lan, lan_csrf = login(first.url, "lan")
    hoa, hoa_csrf = login(second.url, "hoa")
    draft = int(lan.post("/van-ban/moi", data={"csrf": lan_csrf}).headers["location"].rsplit("/", 1)[1])
    data = as_data(example_text())
    jobs = []
    for i in range(12):
        client, csrf = (lan, lan_csrf) if i % 2 == 0 else (hoa, hoa_csrf)
        body = {"data": {**data, "meeting": {**data["meeting"], "name": f"Hội nghị lần {i}"}}, "kind": "notice",
                "base": None}
        jobs.append(lambda c=client, t=csrf, b=body: c.post(f"/api/van-ban/{draft}/luu", json=b,
                                                             headers={"X-CSRF-Token": t}))
    answers = run_together(jobs)
    assert all(a.status_code == 200 for a in answers), [a.text for a in answers if a.status_code != 200]
    heads = sorted(a.json()["head"] for a in answers)
    assert heads == list(range(1, 13))
    names = set()
    for n in range(1, 13):
        text = lan.get(f"/van-ban/{draft}/phien-ban/{n}").text
        names.add(as_data(text)["meeting"]["name"])
    assert names == {f"Hội nghị lần {i}" for i in range(12)}
    told = [a.json() for a in answers if "conflict" in a.json()]
    assert len(told) == 11  # every saver but the first saved over another's version, and was told


def test_concurrent_issues_through_two_processes_give_distinct_numbers(two):
    first, second = two
    lan, lan_csrf = login(first.url, "lan")
    clerks = [login(first.url, "hoa"), login(second.url, "hoa")]
    drafts = []
    for _ in range(6):
        draft = int(lan.post("/van-ban/moi", data={"csrf": lan_csrf}).headers["location"].rsplit("/", 1)[1])
        saved = lan.post(f"/api/van-ban/{draft}/luu", json={"data": as_data(example_text()), "kind": "notice",
                                                           "base": None}, headers={"X-CSRF-Token": lan_csrf})
        drafts.append((draft, saved.json()["head"]))
    jobs = []
    for i, (draft, head) in enumerate(drafts):
        client, csrf = clerks[i % 2]
        jobs.append(lambda c=client, t=csrf, d=draft, h=head: c.post(
            f"/api/van-ban/{d}/cap-so", json={"kind": "notice", "head": h}, headers={"X-CSRF-Token": t}))
    answers = run_together(jobs)
    assert all(a.status_code == 200 for a in answers), [a.text for a in answers if a.status_code != 200]
    assert sorted(a.json()["label"] for a in answers) == [f"0{n}/TB-UBND" for n in range(1, 7)]
    # the same draft issued twice at once, through both processes: one number, the other told
    draft = int(lan.post("/van-ban/moi", data={"csrf": lan_csrf}).headers["location"].rsplit("/", 1)[1])
    head = lan.post(f"/api/van-ban/{draft}/luu", json={"data": as_data(example_text()), "kind": "notice",
                                                      "base": None}, headers={"X-CSRF-Token": lan_csrf}).json()["head"]
    twice = run_together([lambda c=c, t=t: c.post(f"/api/van-ban/{draft}/cap-so", json={"kind": "notice", "head": head},
                                                  headers={"X-CSRF-Token": t}) for c, t in clerks])
    assert sorted(a.status_code for a in twice) == [200, 409]
    assert "07/TB-UBND" in [a.json().get("label") for a in twice]
