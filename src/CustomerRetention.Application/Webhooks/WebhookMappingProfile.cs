using System.Text.Json;
using AutoMapper;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Application.Webhooks.Contracts;
using CustomerRetention.Domain.Webhooks;

namespace CustomerRetention.Application.Webhooks;

public sealed class WebhookMappingProfile : Profile
{
    public WebhookMappingProfile()
    {
        CreateMap<Webhook, WebhookDto>();
        CreateMap<Webhook, CreatedWebhookDto>();
        CreateMap<WebhookDelivery, WebhookDeliveryDto>()
            .ForMember(d => d.Attempts, o => o.MapFrom(d => AttemptsOf(d.Attempts)))
            .ForMember(d => d.NextAttemptAt, o => o.MapFrom(d => d.State == DeliveryState.Pending ? d.NextAttemptAt : null));
    }

    private static List<DeliveryAttemptDto> AttemptsOf(string json) =>
        JsonSerializer.Deserialize<List<DeliveryAttemptDto>>(json, ApiJson.Options) ?? [];
}
