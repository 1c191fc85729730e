"""A kernel provisioner that asks the worker's fork server for each kernel (see forkserver.py).

It is jupyter_client's LocalProvisioner with another launch: the kernel manager writes the
connection file as usual, and the fork server forks a child that starts IPython on it. If the
fork server is gone or refuses, the kernel is launched the ordinary way, with a warning.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from jupyter_client.provisioning import LocalProvisioner

from . import forkserver
from .lifetime import become_subreaper, kernel_preexec

LAUNCHER = "ipykernel_launcher"


class ForkServer:
    """The worker's fork server process and its socket; broken says why it is no longer used."""

    def __init__(self, folder: Path):
        self.path = str(Path(folder) / "fs")
        self.broken = ""
        reaper = os.getpid() if forkserver.LINUX and become_subreaper() else 0
        self.process = subprocess.Popen([sys.executable, "-m", "pakiran.build.forkserver", self.path, str(reaper)],
                                        stdin=subprocess.DEVNULL, preexec_fn=kernel_preexec)
        self.reaper = reaper

    def wait_ready(self, timeout: float = 120) -> bool:
        """Wait until it accepts requests; False (and broken) if it ended or took too long."""
        deadline = time.monotonic() + timeout
        while not os.path.exists(self.path):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.broken = self.broken or f"it did not start (exit status {self.process.poll()})"
                return False
            time.sleep(0.02)
        return True

    def fork(self, args: list[str], cwd: str, env: dict) -> int:
        """PID of a new kernel started with args; raises OSError or RuntimeError if it cannot."""
        if self.broken or not self.wait_ready():
            raise RuntimeError(self.broken)
        try:
            answer = forkserver.request(self.path, {"args": args, "cwd": cwd, "env": env, "reaper": self.reaper})
        except (OSError, ValueError) as exc:
            self.broken = f"{type(exc).__name__}: {exc}"
            raise RuntimeError(self.broken) from None
        if "pid" not in answer:
            raise RuntimeError(answer.get("error", "no answer"))
        return answer["pid"]

    def stop(self) -> None:
        """Kill it (its forked kernels are the worker's to stop)."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


class Forked:
    """The few parts of subprocess.Popen that LocalProvisioner uses, for a forked kernel's PID."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int, own: bool):
        self.pid, self.own, self.returncode = pid, own, None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                if self.own:                          # the worker's child: collect its status
                    pid, status = os.waitpid(self.pid, os.WNOHANG)
                    if pid:
                        self.returncode = os.waitstatus_to_exitcode(status)
                else:
                    os.kill(self.pid, 0)
            except (ChildProcessError, ProcessLookupError):
                self.returncode = -signal.SIGKILL if self.own else 0
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.02)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ForkProvisioner(LocalProvisioner):
    """LocalProvisioner whose kernels come from a fork server when one is set and answers."""

    server: ForkServer | None = None
    forked = False                                   # True once a kernel came from the fork server

    async def launch_kernel(self, cmd: list[str], **kwargs: Any):
        server = self.server
        if server is not None and not server.broken and LAUNCHER in cmd:
            args = cmd[cmd.index(LAUNCHER) + 1:]
            try:
                pid = server.fork(args, str(kwargs.get("cwd") or os.getcwd()), dict(kwargs.get("env") or os.environ))
            except RuntimeError as exc:
                sys.stderr.write(f"warning: the kernel fork server is not answering ({exc}); "
                                 "starting an ordinary kernel\n")
                sys.stderr.flush()
            else:
                self.process, self.forked = Forked(pid, own=bool(server.reaper)), True
                self.pid, self.pgid, self.cwd = pid, pid, kwargs.get("cwd")  # it leads a session of its own
                return self.connection_info
        return await super().launch_kernel(cmd, **kwargs)
