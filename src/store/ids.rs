//! The domain's identifiers as SQLite TEXT: bound as their text, and checked when
//! read, so that a stored id that breaks its rule is a corrupt row (a decode error)
//! rather than a value a page would print.

use crate::domain::{ArticleKey, EventId, Slug};
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::sqlite::{SqliteArgumentsBuffer, SqliteTypeInfo, SqliteValueRef};
use sqlx::{Decode, Encode, Sqlite, Type};

macro_rules! text_column {
    ($name:ty) => {
        impl Type<Sqlite> for $name {
            fn type_info() -> SqliteTypeInfo {
                <String as Type<Sqlite>>::type_info()
            }

            fn compatible(ty: &SqliteTypeInfo) -> bool {
                <String as Type<Sqlite>>::compatible(ty)
            }
        }

        impl<'q> Encode<'q, Sqlite> for $name {
            fn encode_by_ref(
                &self,
                buf: &mut SqliteArgumentsBuffer,
            ) -> Result<IsNull, BoxDynError> {
                <String as Encode<'q, Sqlite>>::encode_by_ref(&self.as_str().to_string(), buf)
            }
        }

        impl<'r> Decode<'r, Sqlite> for $name {
            fn decode(value: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
                let text = <String as Decode<'r, Sqlite>>::decode(value)?;
                Ok(<$name>::try_from(text)?)
            }
        }
    };
}

text_column!(EventId);
text_column!(Slug);
text_column!(ArticleKey);
