"""The ITA framework per fiscal year, the organisation's measures and the evidence behind them."""
