namespace BindingConformance.Tests.Extension;

/// <summary>How one test case ended in an in-process run: Passed, Failed or Skipped, with the failure message or skip reason.</summary>
internal sealed record CaseOutcome(string DisplayName, string Result, string Message);
