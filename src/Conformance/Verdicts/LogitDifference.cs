namespace BindingConformance.Verdicts;

/// <summary>Largest |a − b| over two logit arrays of one shape; a NaN facing anything but a NaN counts as infinitely far.</summary>
public static class LogitDifference
{
    public static double Max(float[] a, float[] b)
    {
        if (a.Length != b.Length) return double.PositiveInfinity;
        double max = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = Math.Abs((double)a[i] - b[i]);
            if (double.IsNaN(d))
            {
                if (a[i].Equals(b[i])) continue;
                return double.PositiveInfinity;
            }
            max = Math.Max(max, d);
        }
        return max;
    }
}
