"""The IPython kernel JupyterLab starts for the reports (``python -m pakiran lab``).

It is ipykernel's own kernel, with one difference: the language_info it reports leaves out the
exact Python version. JupyterLab copies the kernel's language_info into a notebook when the
kernel starts and marks the notebook modified when it differs; the reports store it without the
version, which differs from one machine to the next, so they open unmodified everywhere.
The kernelspec (jupyter/kernels/python3/kernel.json) keeps ipykernel's name and display name.
"""
from __future__ import annotations

from ipykernel.ipkernel import IPythonKernel

LANGUAGE_INFO = {key: value for key, value in IPythonKernel.language_info.items() if key != "version"}


class ReportKernel(IPythonKernel):
    """ipykernel's kernel, reporting language_info without the Python version."""

    language_info = LANGUAGE_INFO


def main() -> None:
    """Start the kernel on the connection file given with -f, as ipykernel_launcher does."""
    from ipykernel.kernelapp import IPKernelApp

    IPKernelApp.launch_instance(kernel_class=ReportKernel)


if __name__ == "__main__":
    main()
