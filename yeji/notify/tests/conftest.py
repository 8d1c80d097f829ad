import pytest

from yeji.notify.tests.robot import start_robot
from yeji.sales.tests.cast import (  # noqa: F401
    _fast_passwords,
    _plain_static_files,
    cast,
    stranger,
)


@pytest.fixture
def robot():
    """A group robot on loopback, stopped after the test."""
    robot, server = start_robot()
    yield robot
    server.shutdown()
    server.server_close()
