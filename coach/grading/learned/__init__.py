"""The learned half of the offline grader: features of a staff turn, the trained scorer, and its training.

`features` turns a read staff turn into named sparse features, each tied to the words that produced it;
`scorer` loads the trained artefact and scores a turn with it (numpy only, no scikit-learn at run time);
`train` fits the artefact from the labelled corpus in evals/calibration/ (`coach train-grader`).
"""
