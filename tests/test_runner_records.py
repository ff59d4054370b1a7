"""The runner's rows are the driver's ``Record.data()``, value for value, for plain and graph values alike."""

from __future__ import annotations

from pathlib import Path

from netnp.modules import library
from netnp.runner import Runner, _row

TEST_CYPHER = Path(__file__).parent / "cypher"


def test_rows_equal_the_drivers_record_data(runner: Runner):
    with Runner(runner.settings, library(TEST_CYPHER)) as test_runner:
        module = test_runner.modules.get("record_values")
        with test_runner.driver.session() as session:
            records = session.execute_write(lambda tx: list(tx.run(module.text)))
        assert [record["name"] for record in records] == ["plain", "graph"]
        assert [_row(record) for record in records] == [record.data() for record in records]
        assert test_runner.write(module).rows == [record.data() for record in records]
