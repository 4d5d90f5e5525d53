"""A real SMTP server on loopback for the alert tests (aiosmtpd), which
keeps every message it accepts as a file, and can be told to fail.

    python smtp_sink.py DIR [--delay S] [--temporary N] [--reject TEXT]

It prints "listening on PORT" once it accepts connections, then serves
until it is stopped. Each accepted message is written to DIR as
NNNN.eml (whole, then renamed) before the server answers 250, so a file
exists exactly for each message the server accepted.

--delay S       wait S seconds before answering each message's DATA
--temporary N   answer the first N messages with 451 (a temporary failure)
--reject TEXT   answer 550 (a permanent failure) to any recipient containing TEXT
"""

import argparse
import asyncio
import os
import socket
import sys
import threading

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory, delay, temporary, reject):
        self.directory = directory
        self.delay = delay
        self.temporary = temporary
        self.reject = reject
        self.lock = threading.Lock()
        self.count = 0
        self.refused = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject and self.reject in address:
            return "550 5.1.1 <%s>: Recipient address rejected" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            if self.refused < self.temporary:
                self.refused += 1
                return "451 4.3.0 Try again later"
            self.count += 1
            n = self.count
        name = os.path.join(self.directory, "%04d.eml" % n)
        with open(name + ".part", "wb") as f:
            f.write(envelope.original_content or envelope.content)
            f.flush()
            os.fsync(f.fileno())
        os.rename(name + ".part", name)
        return "250 2.0.0 OK"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("dir")
    p.add_argument("--delay", type=float, default=0)
    p.add_argument("--temporary", type=int, default=0)
    p.add_argument("--reject", default="")
    a = p.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    # aiosmtpd's controller needs a port number; the kernel picks a free one.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Sink(a.dir, a.delay, a.temporary, a.reject), hostname="127.0.0.1", port=port)
    controller.start()
    print("listening on %d" % controller.port, flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    sys.exit(main())
