// Counts correct predictions from row-major [n, classes] logits for every Node worker: the first largest logit is the
// prediction, as LogitPredictions counts it on the host.
export function countCorrect(logits, labels, classes) {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (logits[i * classes + c] > logits[i * classes + best]) best = c;
    if (best === labels[i]) correct++;
  }
  return correct;
}
