namespace BindingConformance.Statistics;

/// <summary>Input checks shared by the multiple-comparison corrections.</summary>
internal static class PValueValidation
{
    public static double[] Check(IReadOnlyList<double> pValues, double alpha, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(pValues, parameterName);
        if (pValues.Count == 0) throw new ArgumentException("no p-values to adjust", parameterName);
        if (!(alpha > 0 && alpha < 1)) throw new ArgumentException($"alpha must lie in (0, 1) (got {alpha})", nameof(alpha));
        var p = pValues.ToArray();
        for (var i = 0; i < p.Length; i++)
            if (!(p[i] >= 0 && p[i] <= 1))
                throw new ArgumentException($"p-value #{i} is {p[i]}; p-values lie in [0, 1]", parameterName);
        return p;
    }
}
