"""The coherence suite (evals/coherence/README.md): its frozen test half, loading its scenes, its checks,
and that a scene plays on to the turn under test even when it would have ended on the way."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import yaml

from coach.backends import build_engine
from coach.config import Settings
from coach.datafiles import DataFileError
from coach.evaluation.results import Step, Transcript
from coach.evaluation.runner import converse
from coach.evaluation.scorers import mentions_any, mentions_none, no_repeats
from coach.evaluation.suites import EVALS_DIR, ScriptTurn, load_suite
from coach.models import Band, Outcome, Scores
from coach.stance import Distance, Stance
from coach.store import Store
from scripts.coherence_round import frozen_half

FOLDER = EVALS_DIR / "coherence"
# The test half of each round of writing, frozen: round 1 (ids without a round prefix), round 2 ("r2-"),
# round 3 ("r3-") to round 11 ("r11-"), each written by other writers after the rounds before had been
# tuned on.
FROZEN_TEST_HALVES = {
    "": (160, "7c6a4e508c7c311a6768b25bcd02bc5a9eff507bfcc6dcd88b301fa62dadfffb"),
    "r2-": (124, "1abd33d01abd4fcf3e9b612c91ac32466291c2c796a172ae18d8a73c2d149074"),
    "r3-": (76, "f7a4ffb3f4a7b307d9a8b707e8bd5176a6e5d68fd6de461db0bf94f14b175f3a"),
    "r4-": (66, "3783cbe5f3d6d6c4b4834a88f441489ace058a592dfffbcfeacdfba6874e5d41"),
    "r5-": (59, "dc3778b39e50a90bec02c7ce7b7ae30b410bc8f76f6a49720440d324f343b466"),
    "r6-": (80, "e933166eb2a42c62bbdab9fd42e4102aca520f234814bbe84980f175332fe0ff"),
    "r7-": (58, "a9fdf254e162765c6783e8a152d71c442a9806d76a26127c5a84e7acff3ee6c1"),
    "r8-": (76, "55a2c4762df571b2c5d2460b22c72c2a0e8f3fd44ee793b86223d020053c7b59"),
    "r9-": (42, "ea4014b9a6d38d69ebcc77144eea451bde3f18abf1d16749e676ad0cfbb6b2eb"),
    "r10-": (37, "f7b8b5b12be88de8627c49e3bdc88e62943638527bb4f73f4d106b1697059b4b"),
    "r11-": (34, "7975473f76d6820d34cb2f580e3c6914309d2dce4fb059b4f0ff15077a8a8f41"),
    "r12-": (38, "2087edc49aff175540f6823e5a2a3b72da03f9615027a88242bba53a475cf64d"),
    "r13-": (39, "ddaefc43e4695c7a5373243d471b8ace559dbfdea0e37184462e928eea9c6fd9"),
    "r14-": (38, "aa874b7d9e7bed2cee1e28cfe9d349e7919d48b0cb002d55eb21f701badd74c7"),
    "r15-": (35, "a292f0da0fe4e9d6f2dc7ef61ce5e9b453083c52f12bad4d1d18e5aac0c68142"),
    "r16-": (32, "583fff00f1dc227ea9ee9e20264ac32ade37fb59c0bf51e483c7cbaa8c7cc30e"),
    "r17-": (36, "1b569f5b935daf460c09c82a6e0ccee397945a1b6110c99a366f4880fc57c66a"),
    "r18-": (35, "8f44f4201e06c3e2ce511ee683f234f17f84b84a059fa873e9dfb566394894d1"),
    "r19-": (36, "a15c33c6d82dc569499374377db1243397d2fdb56bfb5da8f109cee6b625e5ef"),
    "r20-": (39, "683b03a497dea01a628ac0c3135175669c63f8ad6c121b3b2fef617c7fd1eb46"),
    "r21-": (35, "60de7b936c9ffdabdb28219549bd692cdbf92035b207f279b1a2922e051fcb4f"),
    "r22-": (26, "1e1d9381f0068e4ad3f8d198b65680508d19aaca05584c932c791a3e0b2f2ac6"),
    "r23-": (38, "c057123430006f88ecebf9687ea59b0cf56065ed4ddd3f717e4c37f7ec8c4490"),
    "r24-": (37, "781f95fc378f1628ae97528255b9f4263a91cbb34bfc5561d3a9daf31cfe601b"),
    "r25-": (35, "23ce1f6eaa004e3b420b77ed0d69cf0fa858f3f3d57a253ca81d71d6215331ad"),
    "r26-": (36, "1c0cdd837f96b63e72e023a9c29b816e63adc216966c286047a61f4d183a2266"),
    "r27-": (35, "ae089013daefe2fc1acb1410279a57ea655934f54543f1edfee6d323d9f9b79d"),
    "r28-": (48, "1d974fd30e779344a9f84e52f91c1e33d19e8659ccb84ce41a844403d8232623"),
    "r29-": (33, "9c1c24c718a1c2b1d4ee860e3cd8fdfb29a6304f8e47afdd7becbd0ed75d0597"),
    "r30-": (39, "f97012fa86b5128cd000553854d10a918260e4831b79ecdfce983ef0d2810e5e"),
    "r31-": (37, "f0ea5b5b7d212d9db1e1544e6f0f1a42eae8ead115239385f3e36a5c2614dd29"),
    "r32-": (36, "850b7dbf1eacb2c64f0345e0e9d3edaf0f42e2b3035aae365bf9799a4d5215bb"),
    "r33-": (38, "e2fe67a1d960fecb98de4e901a747c745cb8a7b7f93b4f56f85fe41ada905aa7"),
    "r34-": (36, "bf21c941bbd7983c51fa11b90473f54efae74e82d69b04fa0b5a0169463b343b"),
    "r35-": (38, "f70451b847b3cc3f70ca6b8d79d249ac15ed34f5f93a286023180c68506c2baf"),
    "r36-": (38, "2b4d4a7ddfe7207953ac9ccc44a91a7c37d97f801004a3275f10819f1174ce8a"),
    "r37-": (31, "7e04e4967e7326647cbd95354073c32bf8d41fa4e49f0a939cf1c0cc34f55e8b"),
    "r38-": (41, "e95ad819c37e00b067345134bb6e211bc500c8d57b2070c40732d5c330313a7a"),
    "r39-": (33, "4e340630a9dcafbc35f55185d6b471f71be270c78af59e9015d66640ec9b959a"),
    "r40-": (36, "0a4fef7f7462f80f9294e8a0f95cba315642b85d6b32d7bf5a15413d088f979b"),
    "r41-": (35, "4c45de605fa912f996befccd1511eb4ad6445da8805f18d2fd203190c1491007"),
    "r42-": (31, "461d45b711e21abb0e5f2618bdfac961469d42371a8430e952ee7bf36cdb950a"),
    "r43-": (39, "bed1a82c5fe2221a7f7c15ccddce7f039a982d42d252613208e012e55fd9c5c3"),
    "r44-": (35, "d8a4b23bf511fb152b25cde2707c2656791cefd2f43519c975dc4f90fc03a8c6"),
    "r45-": (36, "73779b3c2c9a2179a9475af02560c137164c8dfd6b6e88bc914411539715bddc"),
    "r46-": (33, "ecbb66423ccef3b7841cfbbbeea509d80cdc50c70f12e3755b5646955cd9213b"),
    "r47-": (42, "8fbf1aae28744373ad2056063e65cfc336f33aed47371f8a5d87fc0f37c0aef1"),
    "r48-": (36, "81c5fa2ed2af6ee6017680a55c8ccea6f75c4d20ebbbafe0dbdbdf5a2e8df8d2"),
    "r49-": (37, "484b60175861862ddd9614e32c7a34f1119b430b23e6dbac7affdc7dcd1ace4f"),
    "r50-": (42, "090dd1659c8e86363ef16fd803aa81a39ad4a2dbb91c8c7f946657020cda7bed"),
    "r51-": (34, "79d81c1bb6df99b5a4ecf18270893f8ccc65a730754a0671c863b9fc30ec3d24"),
    "r52-": (37, "d1d97013ce1b183db40be472623c7e96d24bcbcfddf4ad4b7e796a14fd513eb0"),
    "r53-": (38, "e29efb6d5048a5a2e19f7af89e7acfb5935dc4adb46a962dfe421c575c3cbfab"),
    "r54-": (32, "5eb5289a5630f348e80f2df27840f3b56d221ce2e87c677702c7a85ee5f47577"),
    "r55-": (32, "9af9fdac00f43132f5ff147a314026149a7b5d2cb94d114c785ad18f8e9c058f"),
    "r56-": (41, "b0c52efbb68b9ce68b4e392bcd918ac450b060167c2378550d5a9f73cbb06b33"),
    "r57-": (40, "719d4c688752f0a83671cb2c1cd25eeb11e7b3030cc81427ec2803e399bbe4d6"),
    "r58-": (42, "782cdb22cf003d55c925a99804c480fec34e0728db9a05e46615647fb7ef3583"),
    "r59-": (36, "0c2091a3fe184355c1331cea0c8f1977719baa0f0e00c857999854b26d25826e"),
    "r60-": (27, "937db1eff19ab13e9043cdeb018472bfdabefd344b63d44d7d62ab25e6bc78fe"),
    "r61-": (33, "e702b4529dd6c71ac3a384b794141875a47ca92058b92d511521736f26a81e7c"),
    "r62-": (36, "1f464c98d7d1d61cc5ab2d30ee6d394001fc746ef95b82398264acac820b9f48"),
    "r63-": (31, "b403d44206d00bad6539be07bbbb88bc27c41c5678521c8367cc879ef40f1075"),
    "r64-": (37, "20af5ba681e8545a0eccaa5dcb16e22bd5822f3982142796f025279fdd5643ad"),
    "r65-": (30, "7f84e79e3a8ef5b02382bce3bddd605964688b42ca3a0e8cafa3d2571b147af3"),
    "r66-": (37, "6867a94605903a15d0c0915e6271db54ac37ffeb91abdef2d1219281df778d24"),
    "r67-": (39, "8ab9bf26fa970e1c6bf76de92bcf06afb3920ce5b55df0dca6ff23bfe54ffbb7"),
    "r68-": (30, "7bf61f849f8b8f344eeeb8c7ca6ce206e05a2d1eb10f0d542d6dba12acf7d736"),
    "r69-": (38, "f198bee853864e8c605c321e79653eefff01ff118bf715792562e7d80b231e23"),
    "r70-": (39, "20d0618eb7c52d315a12b8cb0104650340cf3df5df2e199e85ef21fe6fce8dbc"),
}
PERSONAS = ["fearful", "ignored-for-days", "paranoid", "patient-conflict", "refused-request", "withdrawn"]


@pytest.mark.parametrize("prefix", sorted(FROZEN_TEST_HALVES))
def test_the_test_half_of_each_round_is_frozen(prefix: str) -> None:
    assert frozen_half(prefix, FOLDER) == FROZEN_TEST_HALVES[prefix]


def test_every_persona_has_a_suite_of_both_halves_over_two_hundred_items_in_all() -> None:
    suites = {p.stem: load_suite(p, PERSONAS) for p in FOLDER.glob("*.yaml")}
    assert sorted(suites) == PERSONAS
    cases = [c for s in suites.values() for c in s.spec.cases]
    assert len(cases) >= 200
    assert {c.split for c in cases} == {"dev", "test"}
    for name, suite in suites.items():
        for case in suite.spec.cases:
            scene = suite.scripts[case.id]
            assert len(scene) == len(case.turns) + 1, (
                name,
                case.id,
            )  # earlier turns, then the one under test


def test_a_broken_stance_names_the_file_the_case_and_the_field(tmp_path: Path) -> None:
    suite = {
        "kind": "coherence",
        "title": "t",
        "persona": "fearful",
        "thresholds": {"offline": {"pass_rate": 0.9}},
        "cases": [
            {
                "id": "bad",
                "act": "stance",
                "about": "a",
                "split": "dev",
                "turns": ["[distance=miles] Hello."],
                "staff": "Hi.",
                "expect": {"sensible": "s"},
            }
        ],
    }
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(suite), encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_suite(path, PERSONAS)
    assert "broken.yaml" in str(err.value) and "bad" in str(err.value) and "turns[0]" in str(err.value)


def transcript(*replies: str) -> Transcript:
    steps = [
        Step(
            turn=i,
            staff="x",
            patient=text,
            agitation=40,
            band=Band.agitated,
            scores=Scores(tone=3, no_brevity=None, options=0, escalation_risk=3),
            refusal=False,
            flags=[],
            grader="test",
        )
        for i, text in enumerate(replies, start=1)
    ]
    return Transcript(persona="p", opening="Hello.", start=40, steps=steps, final=40, peak=40)


def test_a_repeat_anywhere_in_the_scene_fails() -> None:
    assert no_repeats(transcript("One.", "Two.")).passed
    failed = no_repeats(transcript("One.", "one. ", "Three."))
    assert not failed.passed and "turn 2" in failed.detail
    assert not no_repeats(transcript("hello.")).passed  # the opening line counts


def test_mentions_are_read_at_word_starts_in_the_last_reply_only() -> None:
    run = transcript("The lounge, maybe.", "Restrained him. Four of them.")
    assert mentions_any(["restrain"])(run).passed
    assert not mentions_any(["lounge"])(run).passed  # said earlier, not in the reply under test
    assert mentions_none(["strain", "toast"])(run).passed  # "strain" is not a word start in "restrained"
    assert not mentions_none(["four of"])(run).passed


def test_a_scene_plays_on_to_the_turn_under_test_past_a_crisis() -> None:
    engine = build_engine(Settings(), backend="offline", store=Store("sqlite://"))
    poor = ScriptTurn(
        "Calm down or you'll get an injection like that patient last night.", Stance(distance=Distance.close)
    )
    question = ScriptTurn("What did you see last night?", Stance())
    run = asyncio.run(converse(engine, "fearful", [poor, poor, question], start=78))
    assert len(run.steps) == 3
    assert run.steps[0].band is Band.crisis  # the product would have ended the scene here
    assert run.outcome is Outcome.crisis
    assert len({s.patient for s in run.steps}) == 3
