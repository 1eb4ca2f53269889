"""The baseline for serve.py: Litestar's hello world, nothing else."""

from litestar import Litestar, get


@get("/", sync_to_thread=False)
def hello() -> str:
    return "Hello, world!"


app = Litestar([hello], openapi_config=None)
