#!/usr/bin/env python3
# Copyright (c) Wtt developers. Licensed under the MIT license.
"""List the processes of a Wtt agent over tcp, with the standard library only.

Usage: wtt_list.py tcp://host:port [--secret SECRET] [--json]
The secret may also come from the WTT_SECRET environment variable; without one the
client connects anonymously (the agent must allow it). See docs/protocol.md.
"""
import argparse
import base64
import hashlib
import hmac
import json
import os
import socket
import struct
import sys
import uuid
from urllib.parse import urlparse

PROTOCOL = 1


class WttError(Exception):
    def __init__(self, code, message):
        super().__init__(f"{code}: {message}")
        self.code = code


def send_line(sock, message):
    sock.sendall(json.dumps(message).encode("utf-8") + b"\n")


def read_line(reader):
    line = reader.readline(8192)
    if not line.endswith(b"\n"):
        raise WttError("Closed", "the agent closed the connection during the handshake")
    message = json.loads(line)
    if message.get("type") == "error":
        raise WttError(message.get("code"), message.get("message"))
    return message


def handshake(sock, reader, secret):
    instance = str(uuid.uuid4())
    send_line(sock, {"type": "hello", "protocol": PROTOCOL, "machine": socket.gethostname(), "instance": instance})
    challenge = read_line(reader)
    if challenge.get("protocol") != PROTOCOL:
        raise WttError("ProtocolMismatch", f"the agent speaks {challenge.get('protocol')}, this client {PROTOCOL}")
    proof = None
    if secret:
        data = base64.b64decode(challenge["nonce"]) + instance.encode() + challenge["server"].encode()
        proof = base64.b64encode(hmac.new(secret.encode("utf-8"), data, hashlib.sha256).digest()).decode()
    send_line(sock, {"type": "proof", "proof": proof})
    read_line(reader)
    return challenge


def call(sock, reader, request_id, method, params):
    body = json.dumps({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params}).encode("utf-8")
    sock.sendall(struct.pack(">I", len(body)) + body)
    while True:
        header = reader.read(4)
        if len(header) < 4:
            raise WttError("Closed", "the agent closed the connection")
        (length,) = struct.unpack(">I", header)
        message = json.loads(reader.read(length))
        if message.get("id") != request_id:
            continue
        if "error" in message:
            error = message["error"]
            data = error.get("data") or {}
            raise WttError(data.get("wttCode", error.get("code")), error.get("message"))
        return message.get("result")


def main():
    parser = argparse.ArgumentParser(description="List a Wtt agent's processes.")
    parser.add_argument("address", help="tcp://host:port")
    parser.add_argument("--secret", default=os.environ.get("WTT_SECRET"))
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args()
    address = urlparse(args.address)
    if address.scheme != "tcp" or not address.port:
        parser.error("the address must be tcp://host:port")
    try:
        with socket.create_connection((address.hostname, address.port), timeout=10) as sock:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            reader = sock.makefile("rb")
            challenge = handshake(sock, reader, args.secret)
            rows = call(sock, reader, 1, "list", {"callId": str(uuid.uuid4()), "options": None})
    except WttError as error:
        print(f"wtt_list: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"wtt_list: MachineUnreachable: {args.address}: {error}", file=sys.stderr)
        return 3
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print(f"machine {challenge.get('machine')}: {len(rows)} process(es)")
    print(f"{'id':36}  {'status':15}  {'pid':>7}  file")
    for row in rows:
        print(f"{row['id']:36}  {row['status']:15}  {row['pid']:>7}  {row.get('fileName') or ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
