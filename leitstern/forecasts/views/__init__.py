"""Views of the forecasts module, by page: team pages, history, forecasts, tracking,
sharing."""
