from cinesim.cli import app

app()
