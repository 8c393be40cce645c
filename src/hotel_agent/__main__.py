from hotel_agent.cli import app

app(prog_name="hotel-agent")
