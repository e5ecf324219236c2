using System.Text.Json.Nodes;

namespace BindingConformance.Repro;

/// <summary>The first optimizer step (1-based, within its seed's run) whose loss parts from the reference's.</summary>
public sealed record DivergingStep(int Seed, int Step, double Loss, double ReferenceLoss, double RelativeDifference)
{
    public JsonObject ToJson() => new()
    {
        ["seed"] = Seed,
        ["step"] = Step,
        ["loss"] = double.IsFinite(Loss) ? Loss : null,
        ["reference_loss"] = double.IsFinite(ReferenceLoss) ? ReferenceLoss : null,
        ["relative_difference"] = double.IsFinite(RelativeDifference) ? RelativeDifference : null,
    };
}
