namespace BindingConformance.Oracles.Formats;

/// <summary>The keywords of <see cref="FormatViolation"/> that all three readers and the corpus share.</summary>
public static class FormatViolations
{
    /// <summary>The kebab-case keyword, e.g. <c>duplicate-name</c> for <see cref="FormatViolation.DuplicateName"/>.</summary>
    public static string Keyword(this FormatViolation violation) =>
        string.Concat(violation.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? $"-{char.ToLowerInvariant(c)}" : $"{char.ToLowerInvariant(c)}"));
}
