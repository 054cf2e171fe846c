//! The askama template of every page: one struct per file in `templates/`. Fields
//! are view models from [`super::views`]; the structs hold no logic.

use super::charts::{ActivityChart, CasualtyChart};
use super::overview::OverviewView;
use super::views::{
    ActorRowView, ArticleRowView, ArticleView, EventCard, EventListView, EventView, JsonLd,
    KindBadge, Link, PlaceRowView, ShareMeta,
};
use askama::Template;
use askama_web::WebTemplate;

/// A kind checkbox of the filter form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindOption {
    pub badge: KindBadge,
    pub checked: bool,
}

/// A suggestion of a `<datalist>`: the value typed, and the name shown beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub value: String,
    pub label: String,
}

/// A filter value the visible fields cannot hold (a second actor, a page size).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hidden {
    pub name: &'static str,
    pub value: String,
}

/// The plain GET form of the timeline, pre-filled with the current filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterForm {
    pub action: String,
    pub reset_href: String,
    pub from: String,
    pub to: String,
    pub q: String,
    pub kinds: Vec<KindOption>,
    /// The actor in the actor field (a slug), or empty.
    pub actor: String,
    pub place: String,
    pub actors: Vec<Suggestion>,
    pub places: Vec<Suggestion>,
    pub hidden: Vec<Hidden>,
}

/// A facet: a value of the current view with its count, linking to the view
/// narrowed to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facet {
    pub href: String,
    pub text: String,
    pub count: i64,
    pub badge: Option<KindBadge>,
}

/// What the timeline shows for one filter, and what in-page updates replace: the
/// overview, the facets beside the form, and the results.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineView {
    /// `None` when no matching event is dated.
    pub overview: Option<OverviewView>,
    pub kind_facets: Vec<Facet>,
    pub actor_facets: Vec<Facet>,
    /// "12 events" / "12 events match".
    pub summary: String,
    /// The active filters, each linking to the list without it.
    pub active: Vec<Link>,
    pub list: EventListView,
    pub casualties: Option<CasualtyChart>,
    pub api_href: String,
    pub csv_href: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "timeline.html")]
pub struct TimelinePage {
    pub form: FilterForm,
    pub view: TimelineView,
}

/// The parts of the timeline that change with the filter, for in-page updates:
/// elements whose ids match those on the page.
#[derive(Template, WebTemplate)]
#[template(path = "timeline_fragment.html")]
pub struct TimelineFragment {
    pub view: TimelineView,
}

/// The timeline's event list alone, for in-page updates.
#[derive(Template, WebTemplate)]
#[template(path = "_event_list.html")]
pub struct EventListFragment {
    pub list: EventListView,
}

/// Where the event page leads along the list it was opened from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventNav {
    pub prev: Option<Link>,
    pub next: Option<Link>,
    /// The timeline with the same filter.
    pub back: String,
    /// True when that list is narrowed by a filter.
    pub narrowed: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "event.html")]
pub struct EventPage {
    pub event: EventView,
    pub nav: EventNav,
    /// Events near in time sharing a party or the place.
    pub related: Vec<EventCard>,
    pub meta: ShareMeta,
    pub json_ld: JsonLd,
}

#[derive(Template, WebTemplate)]
#[template(path = "actors.html")]
pub struct ActorsPage {
    pub actors: Vec<ActorRowView>,
    pub api_href: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "actor.html")]
pub struct ActorPage {
    pub actor: ActorRowView,
    pub aliases: Vec<String>,
    pub members: Vec<ActorRowView>,
    /// Events per month; `None` when none is dated to the month or finer.
    pub activity: Option<ActivityChart>,
    pub casualties: Option<CasualtyChart>,
    pub summary: String,
    pub list: EventListView,
}

#[derive(Template, WebTemplate)]
#[template(path = "places.html")]
pub struct PlacesPage {
    pub places: Vec<PlaceRowView>,
}

#[derive(Template, WebTemplate)]
#[template(path = "place.html")]
pub struct PlacePage {
    pub place: PlaceRowView,
    pub summary: String,
    pub list: EventListView,
}

#[derive(Template, WebTemplate)]
#[template(path = "articles.html")]
pub struct ArticlesPage {
    pub articles: Vec<ArticleRowView>,
}

#[derive(Template, WebTemplate)]
#[template(path = "article.html")]
pub struct ArticlePage {
    pub article: ArticleView,
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub status: u16,
    pub title: String,
    pub message: String,
}
