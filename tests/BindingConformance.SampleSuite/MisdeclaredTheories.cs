namespace BindingConformance.SampleSuite;

/// <summary>Declaration mistakes that must surface as failing cases, never as a silently smaller matrix.</summary>
public class MisdeclaredTheories
{
    [ConformanceTheory]
    [Models("LeNet5", "NoSuchNet")]
    [Bindings("torchsharp", "nosuchbinding")]
    public void UnknownNames(ConformanceCell cell) => _ = cell;

    [ConformanceTheory]
    [Models("LeNet5")]
    [Bindings("torchsharp")]
    public void UnfillableParameter(int epochs) => _ = epochs;
}
