from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "linkwork.groups"
    label = "groups"
    verbose_name = "Group activities"

    def ready(self) -> None:
        from linkwork.core.extensions import episode_panels
        from linkwork.groups.hooks import groups_episode_panel

        episode_panels.register(groups_episode_panel)
