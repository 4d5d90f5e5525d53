"""Reads a message with Python's email package and prints what the tests
check, as JSON: the headers, the plain text part and the HTML part.

    python mailparse.py FILE
"""

import email
import email.policy
import json
import sys


def parse(path):
    with open(path, "rb") as f:
        message = email.message_from_binary_file(f, policy=email.policy.default)
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    return {
        "headers": {k: str(v) for k, v in message.items()},
        "content_type": message.get_content_type(),
        "text": text.get_content() if text else None,
        "html": html.get_content() if html else None,
        "defects": [type(d).__name__ for d in message.defects],
    }


if __name__ == "__main__":
    print(json.dumps(parse(sys.argv[1]), ensure_ascii=False))
