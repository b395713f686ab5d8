"""The fields of an experiment that hold its results, one list per way of entering them.
Apart from the models so that the verdict logic (which the models call to check
themselves) reads them without importing the models back."""

COUNT_FIELDS = ["conversions_a", "visitors_a", "conversions_b", "visitors_b"]
MEAN_FIELDS = ["mean_a", "sd_a", "n_a", "mean_b", "sd_b", "n_b"]
BEFORE_AFTER_FIELDS = ["result_metric", "before_from", "change_on", "after_to"]
