from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "bangfu.training"
    label = "training"
    verbose_name = _("Training")

    def ready(self) -> None:
        from bangfu.core.navigation import NavItem, register_nav

        register_nav(NavItem("training_week", _("My training week"), "training:trainer_week", icon="calendar-week",
                             order=60, permission="training.view_trainingsession"))
        register_nav(NavItem("training_plans", _("Home training plans"), "training:plan_list", icon="home",
                             order=61, permission="training.view_hometrainingplan"))
        register_nav(NavItem("training_board", _("Scheduling board"), "training:board", icon="calendar-plus",
                             order=62, permission="training.add_schedulerun"))
        register_nav(NavItem("training_courses", _("Courses"), "training:course_list", icon="book", order=63,
                             permission="training.view_course"))
        register_nav(NavItem("training_trainers", _("Trainers"), "training:trainer_list", icon="school", order=64,
                             permission="training.change_trainer"))
        register_nav(NavItem("training_cohorts", _("Cohorts"), "training:cohort_list", icon="users-group", order=65,
                             permission="training.view_cohort"))
        register_nav(NavItem("training_workers", _("Social workers 1+N"), "training:worker_list", icon="id-badge",
                             order=66, permission="training.view_workertrainee"))
        register_nav(NavItem("training_report", _("Training report"), "training:report", icon="chart-bar", order=67,
                             permission="training.view_trainingoutcome"))
