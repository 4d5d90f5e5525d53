"""The API against its own OpenAPI document, with schemathesis: every
operation, with an API token, through its coverage, fuzzing and stateful
phases, and every check but one. No answer may be a server error, and every
status, content type, header and body must be one the document describes.

`e2e/schemathesis.toml` tells `positive_data_acceptance` ("schema-valid
data is accepted") of the refusals no schema can state: filters name ids from
the catalogue (an unknown area is a 400 that names it, by design), and an
entry's body is checked against the whole catalogue (422). Writes go to a
fresh data directory. The run is made twice: with an editor's token, and as
an anonymous caller.
"""

import os
import subprocess
import sys
from pathlib import Path

from test_open_data import BIN, server_env, start_server

PASSWORD = "ett långt och hemligt lösenord".encode()


def test_the_api_answers_as_its_openapi_document_says():
    env = server_env("samverkan-schema-")
    subprocess.run([BIN, "user", "add", "schema", "--role", "admin"], input=PASSWORD, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    token = subprocess.run([BIN, "token", "add", "schema", "--name", "schemathesis"], env=env, check=True,
                           capture_output=True, text=True).stdout.strip()
    assert token.startswith("svk_")
    proc, url = start_server(env)
    try:
        schemathesis = Path(sys.executable).with_name("schemathesis")
        config = Path(__file__).with_name("schemathesis.toml")
        for auth in (["-H", f"Authorization: Bearer {token}"], []):
            result = subprocess.run(
                [str(schemathesis), "--config-file", str(config), "run", f"{url}/api/openapi.json",
                 "--checks", "all", "--max-examples", "25", "--seed", "1", "--workers", "1", *auth],
                capture_output=True, text=True, timeout=600,
                env={**os.environ, "NO_COLOR": "1"},
            )
            assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
            assert "24/24" in result.stdout, result.stdout[-2000:]
    finally:
        proc.terminate()
        # The server allows its connections 10 s to finish when told to stop.
    proc.wait(timeout=30)
