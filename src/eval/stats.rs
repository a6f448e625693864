//! The statistics `tactful eval` reports: Spearman's rho, Pearson's r and
//! ROC AUC, with percentile bootstrap intervals. Written here rather than
//! taken from a crate because they are a few lines each and must be exactly
//! reproducible (a fixed-seed generator, average ranks for ties).

/// Pearson's correlation; `None` when either side has no variance.
pub fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len().min(y.len());
    if n < 2 {
        return None;
    }
    let mx = x.iter().sum::<f64>() / n as f64;
    let my = y.iter().sum::<f64>() / n as f64;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for i in 0..n {
        let (dx, dy) = (x[i] - mx, y[i] - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
}

/// Ranks from 1, ties sharing their average rank.
pub fn ranks(x: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..x.len()).collect();
    idx.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut r = vec![0.0; x.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && x[idx[j + 1]] == x[idx[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for &k in &idx[i..=j] {
            r[k] = avg;
        }
        i = j + 1;
    }
    r
}

/// Spearman's rho: Pearson's r on ranks.
pub fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    pearson(&ranks(x), &ranks(y))
}

/// ROC AUC of `score` separating `positive` rows from the others (the
/// Mann-Whitney statistic; ties count a half). `None` without both classes.
pub fn auc(score: &[f64], positive: &[bool]) -> Option<f64> {
    let r = ranks(score);
    let n_pos = positive.iter().filter(|p| **p).count();
    let n_neg = positive.len() - n_pos;
    if n_pos == 0 || n_neg == 0 {
        return None;
    }
    let rank_sum: f64 = r
        .iter()
        .zip(positive)
        .filter(|(_, p)| **p)
        .map(|(r, _)| r)
        .sum();
    let u = rank_sum - (n_pos * (n_pos + 1)) as f64 / 2.0;
    Some(u / (n_pos * n_neg) as f64)
}

/// The value at quantile `q` (0–1) of `x`, by linear interpolation.
pub fn quantile(x: &[f64], q: f64) -> f64 {
    let mut v: Vec<f64> = x.to_vec();
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return f64::NAN;
    }
    let pos = q.clamp(0.0, 1.0) * (v.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    v[lo] + (v[hi] - v[lo]) * (pos - lo as f64)
}

/// SplitMix64: a tiny, well-known generator, seeded so that every run of
/// `eval` reports the same intervals.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A whole number below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// A statistic with its 95% percentile bootstrap interval.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Estimate {
    pub value: f64,
    pub low: f64,
    pub high: f64,
}

/// Computes `stat` on the rows, and on `resamples` bootstrap resamples of
/// the row indices, giving a 95% interval.
pub fn bootstrap(
    n: usize,
    resamples: usize,
    seed: u64,
    stat: impl Fn(&[usize]) -> Option<f64>,
) -> Option<Estimate> {
    let all: Vec<usize> = (0..n).collect();
    let value = stat(&all)?;
    let mut rng = Rng::new(seed);
    let mut values = Vec::with_capacity(resamples);
    let mut idx = vec![0; n];
    for _ in 0..resamples {
        for slot in idx.iter_mut() {
            *slot = rng.below(n);
        }
        if let Some(v) = stat(&idx) {
            values.push(v);
        }
    }
    if values.is_empty() {
        return Some(Estimate {
            value,
            low: value,
            high: value,
        });
    }
    Some(Estimate {
        value,
        low: quantile(&values, 0.025),
        high: quantile(&values, 0.975),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn correlations_of_known_data() {
        let x = [1.0, 2.0, 3.0, 4.0, 5.0];
        let y = [2.0, 4.0, 6.0, 8.0, 10.0];
        assert!((pearson(&x, &y).unwrap() - 1.0).abs() < 1e-12);
        let y2 = [1.0, 4.0, 9.0, 16.0, 100.0];
        assert!((spearman(&x, &y2).unwrap() - 1.0).abs() < 1e-12);
        assert!(pearson(&x, &y2).unwrap() < 1.0);
        assert!(pearson(&x, &[3.0; 5]).is_none());
    }

    #[test]
    fn ties_share_average_ranks() {
        assert_eq!(ranks(&[10.0, 20.0, 10.0, 30.0]), vec![1.5, 3.0, 1.5, 4.0]);
    }

    #[test]
    fn auc_counts_ties_as_half() {
        assert_eq!(
            auc(&[0.9, 0.8, 0.1, 0.2], &[true, true, false, false]),
            Some(1.0)
        );
        assert_eq!(auc(&[0.5, 0.5], &[true, false]), Some(0.5));
        assert_eq!(auc(&[0.1, 0.9], &[true, false]), Some(0.0));
        assert_eq!(auc(&[0.1], &[true]), None);
    }

    #[test]
    fn bootstrap_interval_brackets_the_value_and_is_reproducible() {
        let x: Vec<f64> = (0..200).map(|i| i as f64).collect();
        let y: Vec<f64> = x.iter().map(|v| v + ((v * 7.0) % 13.0) * 10.0).collect();
        let stat = |idx: &[usize]| {
            let a: Vec<f64> = idx.iter().map(|&i| x[i]).collect();
            let b: Vec<f64> = idx.iter().map(|&i| y[i]).collect();
            spearman(&a, &b)
        };
        let e = bootstrap(200, 300, 7, stat).unwrap();
        assert!(e.low <= e.value && e.value <= e.high, "{e:?}");
        assert_eq!(bootstrap(200, 300, 7, stat), Some(e));
    }
}
